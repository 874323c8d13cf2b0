-- Added by hand: Prisma cannot express partial expression indexes. Once an order's charge step has an
-- answer, the payment token is blanked in its ChargePayment outbox rows (saga-store.ts): this finds them.
-- No semicolon may appear in a comment here: migrate deploy through the driver adapter splits the script on them.
CREATE INDEX "outbox_charge_payment_order_idx" ON "outbox" (("payload"->>'orderId')) WHERE "type" = 'ChargePayment';
