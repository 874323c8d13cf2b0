import { startParticipant, type StartWorkers } from "../../../../packages/messaging";
import { SHOP_TOPOLOGY } from "../../../../packages/shop-messages";
import type { OrdersConfig } from "../config";
import type { OrdersPrisma } from "../repositories/prisma-client";
import { startDeadlineSweeper } from "./deadline-sweeper";
import { startGuestCartSweeper } from "./guest-cart-sweeper";
import { sagaConsumers } from "./saga-replies";

/**
 * The orchestrator's side of the checkout saga: reply consumers, the outbox relay and the deadline sweeper,
 * on the saga's clock from the orders config; and the sweep of expired guest carts.
 */
export const startWorkers: StartWorkers<OrdersPrisma, Pick<OrdersConfig, "saga" | "guestCarts">> = ({ prisma, redis, logger, settings, databaseUrl, config }) => {
  const stopParticipant = startParticipant({
    service: "orders",
    db: prisma,
    redis,
    logger,
    settings,
    topology: SHOP_TOPOLOGY,
    databaseUrl,
    consumers: sagaConsumers(config.saga, logger),
    publishesOutbox: true,
  });
  const stopSweeper = startDeadlineSweeper(prisma, config.saga, logger);
  const stopCartSweeper = startGuestCartSweeper(prisma, config.guestCarts, logger);
  return async () => {
    await stopCartSweeper();
    await stopSweeper();
    await stopParticipant();
  };
};
