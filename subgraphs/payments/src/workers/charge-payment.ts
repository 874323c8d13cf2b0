import { PoisonMessageError, type OnceEffect } from "../../../../packages/messaging";
import { messageHeaders, shopMessage, type TypedMessage } from "../../../../packages/shop-messages";
import { chargeAmountProblem } from "../domain/charge-record";
import { chargeAnswer, chargeRecordFor } from "../domain/payment-decisions";
import { createPaymentRepository } from "../repositories/payment-repository";
import type { PaymentsTx } from "../repositories/prisma-client";
import type { PaymentWorkerDeps } from "./deps";

/**
 * ChargePayment: one charge per order. An order that has a payment already (a redelivery, or the
 * command re-sent with a new id) gets the stored answer and the provider is not asked again. Otherwise
 * the provider is called outside any transaction (it can take seconds), then the outcome, the message id
 * and the reply are committed together. A transient provider failure throws: the entry stays pending and
 * is delivered again; the order id as idempotency key keeps the provider from charging twice.
 */
export async function chargePayment({ prisma, provider }: PaymentWorkerDeps, message: TypedMessage<"ChargePayment">): Promise<OnceEffect<PaymentsTx>> {
  const command = message.payload;
  const problem = chargeAmountProblem(command.amountCents, command.currency);
  if (problem !== null) throw new PoisonMessageError(`ChargePayment for order ${command.orderId}: ${problem}`);
  const headers = messageHeaders({ message });
  const stored = await createPaymentRepository(prisma).findByOrderId(command.orderId);
  const outcome = stored
    ? null
    : await provider.charge({ idempotencyKey: command.orderId, amountCents: command.amountCents, currency: command.currency, token: command.paymentToken });
  return async (tx) => {
    // recordPayment returns the existing row when a concurrent delivery recorded the order's payment first.
    const payment = stored ?? (await createPaymentRepository(tx).recordPayment(chargeRecordFor(command, outcome!, provider.name)));
    const answer = chargeAnswer(payment);
    return [answer.type === "PaymentCaptured" ? shopMessage(answer.type, answer.payload, headers) : shopMessage(answer.type, answer.payload, headers)];
  };
}
