-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "stock_levels" (
    "product_id" UUID NOT NULL,
    "on_hand" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_levels_pkey" PRIMARY KEY ("product_id")
);

-- Added by hand: Prisma cannot express CHECK constraints. Stock never goes negative and never more
-- units are held than are on the shelf, whatever code path writes, and the checkout saga's no-oversell
-- guarantee rests on this constraint behind its conditional reservation update.
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_quantities_check"
    CHECK ("on_hand" >= 0 AND "reserved" >= 0 AND "reserved" <= "on_hand");
