/** Where one limit stood for a caller right after a request counted against it. */
export interface RateLimitReading {
  /** The points the window allows. */
  limit: number;
  /** The points left in the window (0 once refused). */
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/**
 * Every limit a request counted against, so its answer can tell the client about the most restrictive
 * one: the fewest points left, and of those the one that resets last (the one that will refuse first
 * and longest).
 */
export class RateLimitReport {
  private readonly readings: RateLimitReading[] = [];

  record(reading: RateLimitReading): void {
    this.readings.push(reading);
  }

  mostRestrictive(): RateLimitReading | null {
    let most: RateLimitReading | null = null;
    for (const reading of this.readings) {
      if (!most || reading.remaining < most.remaining || (reading.remaining === most.remaining && reading.resetMs > most.resetMs)) most = reading;
    }
    return most;
  }

  /**
   * `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` for the most restrictive
   * limit, none when no limit counted. Reset is in seconds from now (rounded up), like Retry-After and
   * the IETF RateLimit fields, not an epoch time: it needs no clock agreement with the client.
   */
  headers(): Array<[string, string]> {
    const reading = this.mostRestrictive();
    if (!reading) return [];
    return [
      ["x-ratelimit-limit", String(reading.limit)],
      ["x-ratelimit-remaining", String(Math.max(0, reading.remaining))],
      ["x-ratelimit-reset", String(Math.max(0, Math.ceil(reading.resetMs / 1000)))],
    ];
  }
}
