import type Redis from "ioredis";

const CHECK_TIMEOUT_MS = 2_000;

/** The gateway is ready when Redis answers and every subgraph says it is ready. */
export function readinessCheck(subgraphUrls: Record<string, string>, redis: Redis) {
  return async (): Promise<void> => {
    const checks = Object.entries(subgraphUrls).map(async ([name, url]) => {
      const response = await fetch(new URL("/ready", url), { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`subgraph ${name} is not ready (${response.status})`);
    });
    checks.push(redis.ping().then(() => undefined));
    await Promise.all(checks);
  };
}
