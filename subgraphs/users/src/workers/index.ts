import { startParticipant, type StartWorkers } from "../../../../packages/messaging";
import { SHOP_TOPOLOGY } from "../../../../packages/shop-messages";
import type { UsersPrisma } from "../repositories/prisma-client";
import { createSessionRepository } from "../repositories/session-repository";
import { startSessionPurge } from "./session-purge";

/**
 * Users consumes nothing; its workers are the relay that publishes UserSignedUp from its outbox, and the
 * hourly purge of ended sessions.
 */
export const startWorkers: StartWorkers<UsersPrisma> = ({ prisma, redis, logger, settings, databaseUrl }) => {
  const stopRelay = startParticipant({ service: "users", topology: SHOP_TOPOLOGY, db: prisma, redis, logger, settings, databaseUrl, consumers: [], publishesOutbox: true });
  const purge = startSessionPurge(createSessionRepository(prisma), logger);
  return async () => {
    await purge.stop();
    await stopRelay();
  };
};
