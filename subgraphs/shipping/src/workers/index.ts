import { startParticipant, type Message, type OnceEffect, type StartWorkers } from "../../../../packages/messaging";
import { abandonStepOnDeadLetter, parseMessage, Streams, SHOP_TOPOLOGY } from "../../../../packages/shop-messages";
import type { ShippingPrisma, ShippingTx } from "../repositories/prisma-client";
import { cancelOrderShipment } from "./cancel-shipment";
import { SHIPPING_CONSUMER } from "./consumer-name";
import { createOrderShipment } from "./create-shipment";

export async function prepareShippingCommand(message: Message): Promise<OnceEffect<ShippingTx>> {
  const command = parseMessage(message, ["CreateShipment", "CancelShipment"]);
  return command.type === "CreateShipment" ? createOrderShipment(command) : cancelOrderShipment(command);
}

/** Shipping's part of the checkout saga: its commands, and the outbox that carries replies and shipment events. */
export const startWorkers: StartWorkers<ShippingPrisma> = ({ prisma, redis, logger, settings, databaseUrl }) =>
  startParticipant({
    service: SHIPPING_CONSUMER,
    topology: SHOP_TOPOLOGY,
    db: prisma,
    redis,
    logger,
    settings,
    databaseUrl,
    publishesOutbox: true,
    consumers: [
      {
        stream: Streams.shippingCommands,
        prepare: prepareShippingCommand,
        onDeadLetter: abandonStepOnDeadLetter(prisma, SHIPPING_CONSUMER),
      },
    ],
  });
