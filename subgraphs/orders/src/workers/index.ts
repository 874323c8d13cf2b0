import { startParticipant, type StartWorkers } from "../../../../packages/messaging";
import type { OrdersPrisma } from "../repositories/prisma-client";
import { startDeadlineSweeper } from "./deadline-sweeper";
import { sagaConsumers } from "./saga-replies";

/** The orchestrator's side of the checkout saga: reply consumers, the outbox relay and the deadline sweeper. */
export const startWorkers: StartWorkers<OrdersPrisma> = ({ prisma, redis, logger, settings, databaseUrl }) => {
  const stopParticipant = startParticipant({
    service: "orders",
    db: prisma,
    redis,
    logger,
    settings,
    databaseUrl,
    consumers: sagaConsumers(settings.saga, logger),
    publishesOutbox: true,
  });
  const stopSweeper = startDeadlineSweeper(prisma, settings.saga, logger);
  return async () => {
    await stopSweeper();
    await stopParticipant();
  };
};
