import { shopMessage, type MessageHeaders, type ShopMessage } from "../../../../packages/shop-messages";
import type { CommandType, Decision, SagaInput } from "../domain/checkout-saga";
import type { SagaRecord } from "../repositories/saga-store";

/** The message each saga command becomes, with the order facts its participant needs. */
export function commandMessage(command: CommandType, record: SagaRecord, headers: MessageHeaders): ShopMessage<CommandType> {
  const { orderId } = record;
  switch (command) {
    case "ReserveStock":
      return shopMessage(command, { orderId, lines: record.lines }, headers);
    case "ReleaseStock":
      return shopMessage(command, { orderId }, headers);
    case "ChargePayment":
      return shopMessage(
        command,
        { orderId, userId: record.userId, amountCents: record.totalCents, currency: record.currency, paymentToken: record.paymentToken ?? "" },
        headers,
      );
    case "RefundPayment":
      return shopMessage(command, { orderId }, headers);
    case "CreateShipment":
      return shopMessage(command, { orderId, userId: record.userId, address: record.address }, headers);
    case "CancelShipment":
      return shopMessage(command, { orderId }, headers);
  }
}

/** The shipment's carrier and tracking number, when the input that moved the saga is a shipment's change. */
function trackingOf(input: SagaInput | null | undefined): { carrier?: string | null; trackingNumber?: string | null } {
  if (input?.type !== "ShipmentStatusChanged") return {};
  return { carrier: input.carrier ?? null, trackingNumber: input.trackingNumber ?? null };
}

/**
 * Everything a decision sends: its commands, the domain event that tells the user (with the carrier and
 * tracking number when the input was the shipment shipping), and OrderChanged for live subscribers (the
 * gateway reads the order again). Every decision changes the saga, so each one announces it: one more row
 * in the outbox's single INSERT, no extra statement.
 */
export function decisionMessages(decision: Decision, record: SagaRecord, headers: MessageHeaders, input?: SagaInput | null): ShopMessage[] {
  const messages: ShopMessage[] = decision.commands.map((command) => commandMessage(command, record, headers));
  messages.push(shopMessage("OrderChanged", { orderId: record.orderId, userId: record.userId }, headers));
  if (decision.notify) {
    messages.push(
      shopMessage(
        "OrderStatusChanged",
        {
          orderId: record.orderId,
          userId: record.userId,
          status: decision.notify,
          totalCents: record.totalCents,
          currency: record.currency,
          // Notifications word a failure by its code; the operator-facing reason stays in the order's history.
          reason: decision.notify === "FAILED" ? decision.state.failureCode : null,
          ...(decision.notify === "SHIPPED" ? trackingOf(input) : {}),
        },
        headers,
      ),
    );
  }
  return messages;
}
