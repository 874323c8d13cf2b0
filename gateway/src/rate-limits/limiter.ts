import type Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimitReading } from "./report";

export type Consumption =
  | { allowed: true; reading: RateLimitReading }
  | { allowed: false; retryAfterMs: number; reading: RateLimitReading }
  | { unavailable: true };

export interface LimiterDefinition {
  /** Part of the Redis key: one bucket family per limit. */
  name: string;
  points: number;
  windowSeconds: number;
  /**
   * While Redis is unreachable: false falls back to an in-memory limit with the same numbers in each
   * gateway replica (reads keep working, still bounded); true refuses (the limit must hold everywhere).
   */
  failClosed: boolean;
}

/** One limit over Redis, atomic under concurrency (a Lua script increments and reads in one step). */
export class Limiter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: Redis,
    keyPrefix: string,
    readonly definition: LimiterDefinition,
  ) {
    const shape = { points: definition.points, duration: definition.windowSeconds };
    this.limiter = new RateLimiterRedis({
      ...shape,
      storeClient: redis,
      keyPrefix: `${keyPrefix}:${definition.name}`,
      // Do not wait for a reconnect: decide at once while Redis is down.
      rejectIfRedisNotReady: true,
      insuranceLimiter: definition.failClosed ? undefined : new RateLimiterMemory(shape),
    });
  }

  async consume(key: string, points = 1): Promise<Consumption> {
    try {
      return { allowed: true, reading: this.reading(await this.limiter.consume(key, points)) };
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return { allowed: false, retryAfterMs: outcome.msBeforeNext, reading: this.reading(outcome) };
      return { unavailable: true };
    }
  }

  private reading(outcome: RateLimiterRes): RateLimitReading {
    return { limit: this.definition.points, remaining: outcome.remainingPoints, resetMs: outcome.msBeforeNext };
  }
}
