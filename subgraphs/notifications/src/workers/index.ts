import { startParticipant, type StartWorkers } from "../../../../packages/messaging";
import { Streams, SHOP_TOPOLOGY } from "../../../../packages/shop-messages";
import type { NotificationsPrisma } from "../repositories/prisma-client";
import { SERVICE } from "./notify";
import { onLowStock } from "./low-stock";
import { onOrderStatusChanged } from "./order-status-changed";
import { onUserSignedUp } from "./user-signed-up";

/**
 * The notifications subgraph's stream workers: it listens to order, user and inventory events, and publishes
 * NotificationCreated (for the gateway's live subscribers) through its outbox. An event it can never
 * handle goes to the dead-letter stream; no saga waits for it.
 */
export const startWorkers: StartWorkers<NotificationsPrisma> = ({ prisma, redis, logger, settings, databaseUrl }) =>
  startParticipant({
    service: SERVICE,
    topology: SHOP_TOPOLOGY,
    db: prisma,
    redis,
    logger,
    settings,
    databaseUrl,
    consumers: [
      { stream: Streams.orderEvents, prepare: onOrderStatusChanged },
      { stream: Streams.userEvents, prepare: onUserSignedUp },
      { stream: Streams.inventoryEvents, prepare: onLowStock },
    ],
    publishesOutbox: true,
  });
