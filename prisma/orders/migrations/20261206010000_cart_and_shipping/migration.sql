-- Orders charge subtotal + shipping. Orders placed before this migration charged their items alone:
-- their subtotal is their total and their shipping 0 (edited by hand from the generated diff, which
-- cannot add a NOT NULL column without a default to a table that has rows).
-- No semicolon may appear in a comment here: migrate deploy through the driver adapter splits the script on them.
ALTER TABLE "orders" ADD COLUMN     "shipping_cents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "subtotal_cents" INTEGER;

UPDATE "orders" SET "subtotal_cents" = "total_cents";

ALTER TABLE "orders" ALTER COLUMN "subtotal_cents" SET NOT NULL;

-- CreateTable
CREATE TABLE "carts" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "postal_code" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "carts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cart_lines" (
    "cart_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cart_lines_pkey" PRIMARY KEY ("cart_id","product_id"),
    -- Added by hand (Prisma cannot express CHECK constraints): the domain's quantity rule, held by the database too.
    CONSTRAINT "cart_lines_quantity_check" CHECK ("quantity" BETWEEN 1 AND 100)
);

-- CreateIndex
CREATE UNIQUE INDEX "carts_user_id_key" ON "carts"("user_id");

-- CreateIndex
CREATE INDEX "carts_updated_at_idx" ON "carts"("updated_at");

-- AddForeignKey
ALTER TABLE "cart_lines" ADD CONSTRAINT "cart_lines_cart_id_fkey" FOREIGN KEY ("cart_id") REFERENCES "carts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
