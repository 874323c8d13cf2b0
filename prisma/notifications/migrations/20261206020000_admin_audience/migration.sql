-- CreateEnum
CREATE TYPE "NotificationAudience" AS ENUM ('ADMIN');

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'LOW_STOCK';

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "audience" "NotificationAudience",
ADD COLUMN     "product_id" UUID,
ALTER COLUMN "user_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "notification_reads" (
    "notification_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_reads_pkey" PRIMARY KEY ("notification_id","user_id")
);

-- AddForeignKey
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Added by hand: a notification is for one user or for an audience, never both or neither.
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_one_recipient_check" CHECK (("user_id" IS NULL) <> ("audience" IS NULL));

-- Added by hand: Prisma cannot express partial indexes. Serves an audience's listing, newest first.
CREATE INDEX "notifications_audience_newest_idx" ON "notifications"("audience", "created_at" DESC, "id" DESC) WHERE "audience" IS NOT NULL;
