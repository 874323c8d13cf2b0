import Redis from "ioredis";
import type { Logger } from "../logging";
import type { WorkerSettings } from "./worker-settings";

export interface WorkerDeps<TPrisma> {
  prisma: TPrisma;
  redis: Redis;
  logger: Logger;
  settings: WorkerSettings;
  /** The service's database, for the relay's commit notifications (LISTEN); without it relays only poll. */
  databaseUrl?: string;
}

export type StartWorkers<TPrisma> = (deps: WorkerDeps<TPrisma>) => () => Promise<void>;

interface ConfigWithWorkers {
  redisUrl: string;
  databaseUrl: string;
  workers: WorkerSettings;
}

/**
 * Adapts a subgraph's `startWorkers` to runSubgraph: one Redis connection for the process's workers,
 * closed after they stop.
 */
export function workersEntry<TPrisma, TConfig extends ConfigWithWorkers>(startWorkers: StartWorkers<TPrisma>) {
  return async ({ config, prisma, logger }: { config: TConfig; prisma: TPrisma; logger: Logger }) => {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
    const stop = startWorkers({ prisma, redis, logger, settings: config.workers, databaseUrl: config.databaseUrl });
    return async () => {
      await stop();
      redis.disconnect();
    };
  };
}
