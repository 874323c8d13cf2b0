import Redis from "ioredis";
import type { Logger } from "../logging";
import { cacheVersionKey, entityVersionKey } from "./versions";

/** Entities a change touched, by type name: e.g. `{ Product: [id, ...] }`. */
export type ChangedEntities = Record<string, readonly string[]>;

export interface CacheInvalidator {
  /**
   * Bumps the subgraph's version and, when given, the versions of the entities the change touched, in
   * one MULTI: call it after a change committed, before answering. Never throws: the change is done
   * whatever Redis says; a bump Redis refused is logged, and cached answers then last at most their max
   * age (the gateway reads no cache while it cannot reach Redis either).
   */
  changed(entities?: ChangedEntities): Promise<void>;
}

/** Bumps over a connection the caller owns (a worker's). */
export function cacheInvalidator(redis: Redis, subgraph: string, logger: Logger): CacheInvalidator {
  return {
    async changed(entities = {}) {
      const bump = redis.multi().incr(cacheVersionKey(subgraph));
      for (const [typeName, ids] of Object.entries(entities)) for (const id of new Set(ids)) bump.incr(entityVersionKey(subgraph, typeName, id));
      try {
        await bump.exec();
      } catch (error) {
        logger.error({ err: error, subgraph }, "could not bump the response cache versions; cached answers may last their max age");
      }
    },
  };
}

/**
 * Bumps over a connection of its own whose commands give up after a second while Redis is away, so a
 * committed mutation is never held up long by the cache.
 */
export function connectCacheInvalidator(redisUrl: string, subgraph: string, logger: Logger): CacheInvalidator & { close(): void } {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1_000 });
  redis.on("error", (error) => logger.debug({ err: error }, "cache invalidation connection error"));
  return { ...cacheInvalidator(redis, subgraph, logger), close: () => redis.disconnect() };
}
