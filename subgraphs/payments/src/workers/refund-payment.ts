import type { OnceEffect } from "../../../../packages/messaging";
import { messageHeaders, shopMessage, type TypedMessage } from "../../../../packages/shop-messages";
import { refundIdempotencyKey } from "../domain/payment-provider";
import { refundPlan } from "../domain/payment-decisions";
import { createPaymentRepository } from "../repositories/payment-repository";
import type { PaymentsTx } from "../repositories/prisma-client";
import type { PaymentWorkerDeps } from "./deps";

/**
 * RefundPayment: a CAPTURED payment is refunded at the provider (outside any transaction), then marked
 * REFUNDED with a conditional update, so an order is refunded once however often the command arrives.
 * No payment, a declined or an already refunded one: nothing to do. The orchestrator is always told
 * PaymentRefunded, since after it there is no money of the order's left with us.
 */
export async function refundPayment({ prisma, provider }: PaymentWorkerDeps, message: TypedMessage<"RefundPayment">): Promise<OnceEffect<PaymentsTx>> {
  const { orderId } = message.payload;
  const headers = messageHeaders({ message });
  const plan = refundPlan(await createPaymentRepository(prisma).findByOrderId(orderId));
  const refund =
    plan.action === "REFUND"
      ? await provider.refund({ idempotencyKey: refundIdempotencyKey(orderId), reference: plan.reference, amountCents: plan.amountCents })
      : null;
  return async (tx) => {
    if (refund) await createPaymentRepository(tx).markRefunded(orderId, refund.reference);
    return [shopMessage("PaymentRefunded", { orderId }, headers)];
  };
}
