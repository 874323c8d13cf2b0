import Redis from "ioredis";
import type { Logger } from "../logging";
import type { WorkerSettings } from "./worker-settings";

/**
 * What a subgraph's `startWorkers` gets. `config` is the subgraph's own config, for workers that need
 * more than the transport's settings (the orders saga's clock); it is optional for those that do not.
 */
interface BaseWorkerDeps<TPrisma> {
  prisma: TPrisma;
  redis: Redis;
  logger: Logger;
  settings: WorkerSettings;
  /** The service's database, for the relay's commit notifications (LISTEN); without it relays only poll. */
  databaseUrl?: string;
}

export type WorkerDeps<TPrisma, TConfig = unknown> = BaseWorkerDeps<TPrisma> & (undefined extends TConfig ? { config?: TConfig } : { config: TConfig });

export type StartWorkers<TPrisma, TConfig = unknown> = (deps: WorkerDeps<TPrisma, TConfig>) => () => Promise<void>;

interface ConfigWithWorkers {
  redisUrl: string;
  databaseUrl: string;
  workers: WorkerSettings;
}

/**
 * Adapts a subgraph's `startWorkers` to runSubgraph: one Redis connection for the process's workers,
 * closed after they stop.
 */
export function workersEntry<TPrisma, TConfig extends ConfigWithWorkers>(startWorkers: (deps: BaseWorkerDeps<TPrisma> & { config: TConfig }) => () => Promise<void>) {
  return async ({ config, prisma, logger }: { config: TConfig; prisma: TPrisma; logger: Logger }) => {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
    const stop = startWorkers({ prisma, redis, logger, settings: config.workers, databaseUrl: config.databaseUrl, config });
    return async () => {
      await stop();
      redis.disconnect();
    };
  };
}
