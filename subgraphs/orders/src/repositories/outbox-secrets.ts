import { REDACTED } from "../../../../packages/messaging";
import { Prisma } from "../../../../prisma/orders/generated/client";

/**
 * The statement that blanks the payment token in an order's ChargePayment outbox rows, once its charge step has an answer
 * and the token is needed no more (checkout_sagas.payment_token is cleared at the same moment). A row
 * published again later (Redis lost its data) carries "[redacted]": payments answers an order it has
 * charged from its own record without asking the provider, and a provider refuses the mark.
 */
export function redactChargeTokens(orderId: string): Prisma.Sql {
  return Prisma.sql`
    UPDATE outbox SET payload = jsonb_set(payload, '{paymentToken}', to_jsonb(${REDACTED}::text))
     WHERE type = 'ChargePayment' AND payload->>'orderId' = ${orderId} AND payload->>'paymentToken' IS DISTINCT FROM ${REDACTED}`;
}
