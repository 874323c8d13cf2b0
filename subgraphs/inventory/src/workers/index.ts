import { startParticipant, type Message, type OnceEffect, type StartWorkers } from "../../../../packages/messaging";
import { abandonStepOnDeadLetter, parseMessage, Streams, SHOP_TOPOLOGY } from "../../../../packages/shop-messages";
import type { InventoryPrisma, InventoryTx } from "../repositories/prisma-client";
import { commitShippedStock } from "./commit-shipped-stock";
import { INVENTORY_CONSUMER } from "./consumer-name";
import { releaseStock } from "./release-stock";
import { reserveStock } from "./reserve-stock";

export async function prepareInventoryCommand(message: Message): Promise<OnceEffect<InventoryTx>> {
  const command = parseMessage(message, ["ReserveStock", "ReleaseStock"]);
  return command.type === "ReserveStock" ? reserveStock(command) : releaseStock(command);
}

/** Inventory's part of the checkout saga: its commands, the shipment events that take stock off the shelf, its outbox. */
export const startWorkers: StartWorkers<InventoryPrisma> = ({ prisma, redis, logger, settings, databaseUrl }) =>
  startParticipant({
    service: INVENTORY_CONSUMER,
    topology: SHOP_TOPOLOGY,
    db: prisma,
    redis,
    logger,
    settings,
    databaseUrl,
    publishesOutbox: true,
    consumers: [
      {
        stream: Streams.inventoryCommands,
        prepare: prepareInventoryCommand,
        onDeadLetter: abandonStepOnDeadLetter(prisma, INVENTORY_CONSUMER),
      },
      { stream: Streams.shipmentEvents, prepare: commitShippedStock },
    ],
  });
