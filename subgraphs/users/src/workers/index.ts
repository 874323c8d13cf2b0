import { startParticipant, type StartWorkers } from "../../../../packages/messaging";
import type { UsersPrisma } from "../repositories/prisma-client";

/** Users consumes nothing; its workers are the relay that publishes UserSignedUp from its outbox. */
export const startWorkers: StartWorkers<UsersPrisma> = ({ prisma, redis, logger, settings, databaseUrl }) =>
  startParticipant({ service: "users", db: prisma, redis, logger, settings, databaseUrl, consumers: [], publishesOutbox: true });
