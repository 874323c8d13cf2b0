import { cacheInvalidator } from "../../../../packages/cache-versions";
import { startParticipant, type Message, type OnceEffect, type StartWorkers } from "../../../../packages/messaging";
import { abandonStepOnDeadLetter, parseMessage, Streams, SHOP_TOPOLOGY } from "../../../../packages/shop-messages";
import type { InventoryConfig } from "../config";
import { DEFAULT_LOW_STOCK_THRESHOLD } from "../domain/low-stock";
import type { InventoryPrisma, InventoryTx } from "../repositories/prisma-client";
import { commitShippedStock } from "./commit-shipped-stock";
import { INVENTORY_CONSUMER } from "./consumer-name";
import { productsOfOrders } from "../repositories/reservation-repository";
import { releaseStock } from "./release-stock";
import { reserveStock } from "./reserve-stock";

/** The orders a batch of commands or shipment events is about (each carries its orderId). */
function ordersOf(messages: Message[]): string[] {
  return [...new Set(messages.map((message) => (message.payload as { orderId?: unknown }).orderId).filter((id): id is string => typeof id === "string"))];
}

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
  // Reservations, releases and shipped stock change the levels the gateway may cache: each batch bumps
  // the products its orders hold (one query after the commit), so other products' cached levels stay.
  const invalidator = cacheInvalidator(redis, "inventory", logger);
  const stockChanged = async (messages: Message[]) => {
    try {
      await invalidator.changed({ Product: await productsOfOrders(prisma, ordersOf(messages)) });
    } catch (error) {
      logger.error({ err: error }, "could not tell which products a batch changed; bumping inventory's version alone");
      await invalidator.changed();
    }
  };
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
