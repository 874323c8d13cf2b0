import { handleOnce, parseMessage, Streams, type ConsumerSpec, type Message, type TypedMessage } from "../../../../packages/messaging";
import type { Logger } from "../../../../packages/logging";
import type { SagaInput } from "../domain/checkout-saga";
import type { OrdersPrisma } from "../repositories/prisma-client";
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
      return { type: "ShipmentStatusChanged", status: message.payload.status };
    default:
      return { type: message.type };
  }
}

/** Moves one saga by one message, exactly once: the message id is recorded with the saga's new state. */
function sagaStepHandler(prisma: OrdersPrisma, timing: SagaTiming, logger: Logger, accepted: ReadonlyArray<(typeof REPLY_TYPES)[number] | "ShipmentStatusChanged">) {
  return async (message: Message): Promise<void> => {
    const typed = parseMessage(message, accepted);
    await handleOnce(prisma, "orders", message, async (tx) => {
      const result = await applySagaInput(tx, typed.payload.orderId, sagaInputOf(typed), message.headers, timing);
      if (!result) logger.warn({ orderId: typed.payload.orderId, type: typed.type }, "reply for an unknown order ignored");
      return result?.messages ?? [];
    });
  };
}

/**
 * A reply that can never be handled cannot move its saga, so nothing waits for it: the deadline
 * sweeper times the saga out or sends the step again, and the dead-letter stream keeps it for people.
 */
export function sagaConsumers(prisma: OrdersPrisma, timing: SagaTiming, logger: Logger): ConsumerSpec[] {
  return [
    { stream: Streams.sagaReplies, handle: sagaStepHandler(prisma, timing, logger, REPLY_TYPES) },
    { stream: Streams.shipmentEvents, handle: sagaStepHandler(prisma, timing, logger, ["ShipmentStatusChanged"]) },
  ];
}
