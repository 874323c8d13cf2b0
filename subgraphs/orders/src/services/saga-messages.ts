import { newMessage, Streams, type Message } from "../../../../packages/messaging";
import type { CommandType, Decision } from "../domain/checkout-saga";
import type { SagaRecord } from "../repositories/saga-store";

/** The message each saga command becomes, with the order facts its participant needs. */
export function commandMessage(command: CommandType, record: SagaRecord, headers: Record<string, string>): Message {
  const { orderId } = record;
  switch (command) {
    case "ReserveStock":
      return newMessage(Streams.inventoryCommands, command, { orderId, lines: record.lines }, headers);
    case "ReleaseStock":
      return newMessage(Streams.inventoryCommands, command, { orderId }, headers);
    case "ChargePayment":
      return newMessage(
        Streams.paymentCommands,
        command,
        { orderId, userId: record.userId, amountCents: record.totalCents, currency: record.currency, paymentToken: record.paymentToken ?? "" },
        headers,
      );
    case "RefundPayment":
      return newMessage(Streams.paymentCommands, command, { orderId }, headers);
    case "CreateShipment":
      return newMessage(Streams.shippingCommands, command, { orderId, userId: record.userId, address: record.address }, headers);
    case "CancelShipment":
      return newMessage(Streams.shippingCommands, command, { orderId }, headers);
  }
}

/** Everything a decision sends: its commands, and the domain event that tells the user. */
export function decisionMessages(decision: Decision, record: SagaRecord, headers: Record<string, string>): Message[] {
  const messages = decision.commands.map((command) => commandMessage(command, record, headers));
  if (decision.notify) {
    messages.push(
      newMessage(
        Streams.orderEvents,
        "OrderStatusChanged",
        {
          orderId: record.orderId,
          userId: record.userId,
          status: decision.notify,
          totalCents: record.totalCents,
          currency: record.currency,
          // Notifications word a failure by its code; the operator-facing reason stays in the order's history.
          reason: decision.notify === "FAILED" ? decision.state.failureCode : null,
        },
        headers,
      ),
    );
  }
  return messages;
}
