import { startParticipant, type StartWorkers } from "../../../../packages/messaging";
import { SHOP_TOPOLOGY } from "../../../../packages/shop-messages";
import type { UsersPrisma } from "../repositories/prisma-client";

/** Users consumes nothing; its workers are the relay that publishes UserSignedUp from its outbox. */
export const startWorkers: StartWorkers<UsersPrisma> = ({ prisma, redis, logger, settings, databaseUrl }) =>
  startParticipant({ service: "users", topology: SHOP_TOPOLOGY, db: prisma, redis, logger, settings, databaseUrl, consumers: [], publishesOutbox: true });
