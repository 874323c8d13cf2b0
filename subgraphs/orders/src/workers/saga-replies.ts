import { type ConsumerSpec, type Message, type OnceEffect } from "../../../../packages/messaging";
import { messageHeaders, parseMessage, Streams, type TypedMessage } from "../../../../packages/shop-messages";
import type { Logger } from "../../../../packages/logging";
import type { SagaInput } from "../domain/checkout-saga";
import { isUuid } from "../../../../packages/ids";
import { lockSagasForUpdate, type OrdersTx } from "../repositories/saga-store";
import { applySagaInput, type SagaTiming } from "../services/saga-transitions";

const REPLY_TYPES = [
  "StockReserved",
  "StockRejected",
  "StockReleased",
  "PaymentCaptured",
  "PaymentDeclined",
  "PaymentRefunded",
  "ShipmentCreated",
  "ShipmentCancelled",
  "StepAbandoned",
] as const;

/** A participant's reply or a shipment event, as the saga's state machine reads it. */
function sagaInputOf(message: TypedMessage<(typeof REPLY_TYPES)[number] | "ShipmentStatusChanged">): SagaInput {
  switch (message.type) {
    case "StockRejected":
    case "PaymentDeclined":
      return { type: message.type, reason: message.payload.reason };
    case "StepAbandoned":
      return { type: "StepAbandoned", command: message.payload.command, reason: message.payload.reason };
    case "ShipmentStatusChanged":
      return {
        type: "ShipmentStatusChanged",
        status: message.payload.status,
        carrier: message.payload.carrier ?? null,
        trackingNumber: message.payload.trackingNumber ?? null,
      };
    default:
      return { type: message.type };
  }
}

/** Moves one saga by one message, exactly once: the message id is recorded with the saga's new state. */
function sagaStep(timing: SagaTiming, logger: Logger, accepted: ReadonlyArray<(typeof REPLY_TYPES)[number] | "ShipmentStatusChanged">) {
  return async (message: Message): Promise<OnceEffect<OrdersTx>> => {
    const typed = parseMessage(message, accepted);
    // Built here, in the consumer's span: the commands this reply causes continue its trace.
    const headers = messageHeaders({ message });
    return async (tx) => {
      const result = await applySagaInput(tx, typed.payload.orderId, sagaInputOf(typed), headers, timing);
      if (!result) logger.warn({ orderId: typed.payload.orderId, type: typed.type }, "reply for an unknown order ignored");
      return result?.messages ?? [];
    };
  };
}

/** A batch's sagas, locked and read together before its steps (see lockSagasForUpdate). */
async function lockSagasOf(tx: OrdersTx, messages: readonly Message[]): Promise<void> {
  const orderIds = messages.map((message) => (message.payload as { orderId?: unknown } | null)?.orderId).filter(isUuid);
  await lockSagasForUpdate(tx, orderIds);
}

/**
 * A reply that can never be handled cannot move its saga, so nothing waits for it: the deadline
 * sweeper times the saga out or sends the step again, and the dead-letter stream keeps it for people.
 */
export function sagaConsumers(timing: SagaTiming, logger: Logger): Array<ConsumerSpec<OrdersTx>> {
  return [
    { stream: Streams.sagaReplies, prepare: sagaStep(timing, logger, REPLY_TYPES), beforeEffects: lockSagasOf },
    { stream: Streams.shipmentEvents, prepare: sagaStep(timing, logger, ["ShipmentStatusChanged"]), beforeEffects: lockSagasOf },
  ];
}
