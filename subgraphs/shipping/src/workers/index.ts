import { abandonStepOnDeadLetter, parseMessage, startParticipant, Streams, type Message, type StartWorkers } from "../../../../packages/messaging";
import type { ShippingPrisma } from "../repositories/prisma-client";
import { cancelOrderShipment } from "./cancel-shipment";
import { SHIPPING_CONSUMER } from "./consumer-name";
import { createOrderShipment } from "./create-shipment";

export async function handleShippingCommand(prisma: ShippingPrisma, message: Message): Promise<void> {
  const command = parseMessage(message, ["CreateShipment", "CancelShipment"]);
  if (command.type === "CreateShipment") await createOrderShipment(prisma, command);
  else await cancelOrderShipment(prisma, command);
}

/** Shipping's part of the checkout saga: its commands, and the outbox that carries replies and shipment events. */
export const startWorkers: StartWorkers<ShippingPrisma> = ({ prisma, redis, logger, settings, databaseUrl }) =>
  startParticipant({
    service: SHIPPING_CONSUMER,
    db: prisma,
    redis,
    logger,
    settings,
    databaseUrl,
    publishesOutbox: true,
    consumers: [
      {
        stream: Streams.shippingCommands,
        handle: (message) => handleShippingCommand(prisma, message),
        onDeadLetter: abandonStepOnDeadLetter(prisma, SHIPPING_CONSUMER),
      },
    ],
  });
