import type Redis from "ioredis";
import type { Logger } from "../../packages/logging";

const CHECK_TIMEOUT_MS = 1_500;

export type Readiness = "ready" | "degraded";

async function subgraphReady(url: string): Promise<boolean> {
  try {
    return (await fetch(new URL("/ready", url), { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) })).ok;
  } catch {
    return false;
  }
}

async function redisAnswers(redis: Redis): Promise<boolean> {
  try {
    await redis.ping();
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the gateway should take traffic. One subgraph (or Redis) being away must not take every
 * gateway replica out of the load balancer: the others still answer, with an error for the missing
 * part. So `/ready` is 200 "ready" when everything answers, 200 "degraded" when some subgraph or Redis
 * does not (named in the log, not to clients), and 503 only when no subgraph answers at all.
 */
export function readinessCheck(subgraphUrls: Record<string, string>, redis: Redis, logger: Logger) {
  return async (): Promise<Readiness> => {
    const names = Object.keys(subgraphUrls);
    const [redisUp, ...subgraphsUp] = await Promise.all([redisAnswers(redis), ...names.map((name) => subgraphReady(subgraphUrls[name]!))]);
    const down = names.filter((_, index) => !subgraphsUp[index]);
    if (names.length > 0 && down.length === names.length) throw new Error("no subgraph is ready");
    if (down.length === 0 && redisUp) return "ready";
    logger.warn({ unavailableSubgraphs: down, redisUp }, "gateway degraded");
    return "degraded";
  };
}
