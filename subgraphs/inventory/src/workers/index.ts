import { cacheInvalidator } from "../../../../packages/cache-versions";
import { startParticipant, type Message, type OnceEffect, type StartWorkers } from "../../../../packages/messaging";
import { abandonStepOnDeadLetter, parseMessage, Streams, SHOP_TOPOLOGY } from "../../../../packages/shop-messages";
import type { InventoryConfig } from "../config";
import { DEFAULT_LOW_STOCK_THRESHOLD } from "../domain/low-stock";
import type { InventoryPrisma, InventoryTx } from "../repositories/prisma-client";
import { commitShippedStock } from "./commit-shipped-stock";
import { INVENTORY_CONSUMER } from "./consumer-name";
import { releaseStock } from "./release-stock";
import { reserveStock } from "./reserve-stock";

/** Reads inventory's commands; reservations tell the admins when a product falls under `lowStockThreshold`. */
export function inventoryCommandHandler(lowStockThreshold: number) {
  return async (message: Message): Promise<OnceEffect<InventoryTx>> => {
    const command = parseMessage(message, ["ReserveStock", "ReleaseStock"]);
    return command.type === "ReserveStock" ? reserveStock(command, lowStockThreshold) : releaseStock(command);
  };
}

/**
 * Inventory's part of the checkout saga: its commands, the shipment events that take stock off the
 * shelf, its outbox (replies and LowStock events). Without a config (tests), the default threshold.
 */
export const startWorkers: StartWorkers<InventoryPrisma, Partial<Pick<InventoryConfig, "lowStockThreshold">> | undefined> = ({
  prisma,
  redis,
  logger,
  settings,
  databaseUrl,
  config,
}) => {
  // Reservations, releases and shipped stock change the levels the gateway may cache.
  const stockChanged = cacheInvalidator(redis, "inventory", logger).changed;
  return startParticipant({
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
        prepare: inventoryCommandHandler(config?.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD),
        onDeadLetter: abandonStepOnDeadLetter(prisma, INVENTORY_CONSUMER),
        afterCommit: stockChanged,
      },
      { stream: Streams.shipmentEvents, prepare: commitShippedStock, afterCommit: stockChanged },
    ],
  });
};
