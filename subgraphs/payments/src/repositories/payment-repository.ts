import { Prisma, type Payment } from "../../../../prisma/payments/generated/client";
import { validateChargeRecord, type ChargeRecord } from "../domain/charge-record";
import { isUuid } from "../../../../packages/ids";
import type { PaymentsDb } from "./prisma-client";

export type { Payment };

/** Looks rows up by UUID keys; keys that are not UUIDs match nothing, so they are not sent to PostgreSQL. */
function byUuids(find: (ids: string[]) => Promise<Payment[]>) {
  return async (keys: readonly string[]): Promise<Payment[]> => {
    const ids = keys.filter(isUuid);
    return ids.length > 0 ? find(ids) : [];
  };
}

/** A payment row as Prisma's model names it. */
const PAYMENT_COLUMNS = Prisma.raw(
  `id::text AS id, order_id::text AS "orderId", amount_cents AS "amountCents", currency, status::text AS status,
   decline_reason AS "declineReason", provider, provider_reference AS "providerReference", refund_reference AS "refundReference",
   refunded_at AS "refundedAt", created_at AS "createdAt", updated_at AS "updatedAt"`,
);

export function createPaymentRepository(db: PaymentsDb) {
  return {
    findByIds: byUuids((ids) => db.payment.findMany({ where: { id: { in: ids } } })),

    findByOrderIds: byUuids((orderIds) => db.payment.findMany({ where: { orderId: { in: orderIds } } })),

    /**
     * Records the outcome of an order's charge once. A second call for the same order (a redelivered
     * command, a retry after a crash) returns the stored row and changes nothing: there is one charge per
     * order. ON CONFLICT DO NOTHING, rather than catching a unique violation, also works inside a caller's
     * transaction, which a failed INSERT would abort.
     */
    async recordPayment(record: ChargeRecord): Promise<Payment> {
      const data = validateChargeRecord(record);
      // Plain SQL: Prisma compiles createManyAndReturn anew on every call (no plan cache for it).
      const [created] = await db.$queryRaw<Payment[]>`
        INSERT INTO payments (id, order_id, amount_cents, currency, status, decline_reason, provider, provider_reference)
        VALUES (gen_random_uuid(), ${data.orderId}::uuid, ${data.amountCents}, ${data.currency}, ${data.status}::"PaymentStatus",
                ${data.declineReason}, ${data.provider}, ${data.providerReference})
        ON CONFLICT (order_id) DO NOTHING RETURNING ${PAYMENT_COLUMNS}`;
      return created ?? db.payment.findUniqueOrThrow({ where: { orderId: data.orderId } });
    },

    findByOrderId: (orderId: string): Promise<Payment | null> => db.payment.findUnique({ where: { orderId } }),

    /**
     * CAPTURED -> REFUNDED, conditional on the payment still being CAPTURED, so two refunds of one order
     * racing make one transition (the later one changes nothing).
     */
    async markRefunded(orderId: string, refundReference: string): Promise<void> {
      await db.payment.updateMany({
        where: { orderId, status: "CAPTURED" },
        data: { status: "REFUNDED", refundReference, refundedAt: new Date() },
      });
    },
  };
}

export type PaymentRepository = ReturnType<typeof createPaymentRepository>;
