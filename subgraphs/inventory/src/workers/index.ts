import { abandonStepOnDeadLetter, parseMessage, startParticipant, Streams, type Message, type StartWorkers } from "../../../../packages/messaging";
import type { InventoryPrisma } from "../repositories/prisma-client";
import { commitShippedStock } from "./commit-shipped-stock";
import { INVENTORY_CONSUMER } from "./consumer-name";
import { releaseStock } from "./release-stock";
import { reserveStock } from "./reserve-stock";

export async function handleInventoryCommand(prisma: InventoryPrisma, message: Message): Promise<void> {
  const command = parseMessage(message, ["ReserveStock", "ReleaseStock"]);
  if (command.type === "ReserveStock") await reserveStock(prisma, command);
  else await releaseStock(prisma, command);
}

/** Inventory's part of the checkout saga: its commands, the shipment events that take stock off the shelf, its outbox. */
export const startWorkers: StartWorkers<InventoryPrisma> = ({ prisma, redis, logger, settings, databaseUrl }) =>
  startParticipant({
    service: INVENTORY_CONSUMER,
    db: prisma,
    redis,
    logger,
    settings,
    databaseUrl,
    publishesOutbox: true,
    consumers: [
      {
        stream: Streams.inventoryCommands,
        handle: (message) => handleInventoryCommand(prisma, message),
        onDeadLetter: abandonStepOnDeadLetter(prisma, INVENTORY_CONSUMER),
      },
      { stream: Streams.shipmentEvents, handle: (message) => commitShippedStock(prisma, message) },
    ],
  });
