import type { PayloadOf } from "../../../../packages/shop-messages";
import { InvalidChargeRecordError, type ChargeRecord } from "./charge-record";
import type { ChargeResult } from "./payment-provider";

/** An order's payment as stored: the part the saga's decisions read. */
export interface StoredPayment {
  id: string;
  orderId: string;
  status: "CAPTURED" | "DECLINED" | "REFUNDED";
  amountCents: number;
  declineReason: string | null;
  providerReference: string | null;
}

export type ChargeAnswer =
  | { type: "PaymentCaptured"; payload: PayloadOf<"PaymentCaptured"> }
  | { type: "PaymentDeclined"; payload: PayloadOf<"PaymentDeclined"> };

/**
 * The answer to ChargePayment, from the order's stored payment: a command sent again (redelivered, or
 * re-sent with a new id after Redis lost data) gets the answer the first one got. A REFUNDED payment
 * was captured first, and its refund came from the orchestrator's own RefundPayment, so it answers
 * PaymentCaptured: the charge's answer never changes, and the refund is a separate fact.
 */
export function chargeAnswer(payment: StoredPayment): ChargeAnswer {
  if (payment.status === "DECLINED") {
    return { type: "PaymentDeclined", payload: { orderId: payment.orderId, reason: payment.declineReason ?? "The payment was declined." } };
  }
  return { type: "PaymentCaptured", payload: { orderId: payment.orderId, paymentId: payment.id } };
}

/** What is stored for an order after the provider answered its charge. */
export function chargeRecordFor(command: PayloadOf<"ChargePayment">, result: ChargeResult, provider: string): ChargeRecord {
  const base = { orderId: command.orderId, amountCents: command.amountCents, currency: command.currency, provider };
  return result.status === "CAPTURED"
    ? { ...base, status: "CAPTURED", providerReference: result.reference }
    : { ...base, status: "DECLINED", declineReason: result.reason };
}

export type RefundPlan =
  | { action: "REFUND"; reference: string; amountCents: number }
  | { action: "NOTHING"; because: "NOT_CHARGED" | "DECLINED" | "ALREADY_REFUNDED" };

/**
 * Whether RefundPayment has money to give back: only a CAPTURED payment is refunded, once. No payment
 * or a declined one has nothing to refund; either way the orchestrator is told PaymentRefunded.
 */
export function refundPlan(payment: StoredPayment | null): RefundPlan {
  if (payment === null) return { action: "NOTHING", because: "NOT_CHARGED" };
  if (payment.status === "DECLINED") return { action: "NOTHING", because: "DECLINED" };
  if (payment.status === "REFUNDED") return { action: "NOTHING", because: "ALREADY_REFUNDED" };
  if (payment.providerReference === null) throw new InvalidChargeRecordError(`captured payment ${payment.id} has no provider reference to refund`);
  return { action: "REFUND", reference: payment.providerReference, amountCents: payment.amountCents };
}
