import type Redis from "ioredis";
import type { Logger } from "../../../packages/logging";

/**
 * Stored answers in Redis, shared by every gateway replica, each with its max age as TTL. A Redis that
 * does not answer is a miss, never a failed request: the subgraphs answer instead.
 */
export class RedisResponseStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.keyPrefix + key)) ?? undefined;
    } catch (error) {
      this.logger.warn({ err: error }, "response cache read failed; answering without it");
      return undefined;
    }
  }

  /** Keeps `value` for `ttlSeconds` (nothing is kept without one). */
  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    try {
      if (ttlSeconds > 0) await this.redis.set(this.keyPrefix + key, value, "EX", Math.ceil(ttlSeconds));
    } catch (error) {
      this.logger.warn({ err: error }, "response cache write failed");
    }
  }
}
