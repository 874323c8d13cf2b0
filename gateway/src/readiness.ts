import type Redis from "ioredis";
import type { Logger } from "../../packages/logging";
import type { BreakerState } from "./subgraph-calls";

const CHECK_TIMEOUT_MS = 1_500;

/** `/ready`'s answer while the gateway takes traffic. */
export type Readiness = {
  status: "ready" | "degraded";
  /** Each subgraph's circuit breaker: while one is open, calls to that subgraph are refused at once. */
  breakers: Record<string, BreakerState>;
};

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
 * part. So `/ready` is 200 "ready" when everything answers and no breaker is open, 200 "degraded" when
 * some subgraph or Redis does not answer or some breaker refuses calls (which subgraphs do not answer
 * is in the log, not in the answer), and 503 only when no subgraph answers at all. The answer carries
 * every subgraph's breaker state, taken after the checks.
 */
export function readinessCheck(subgraphUrls: Record<string, string>, redis: Redis, logger: Logger, breakerStates: () => Record<string, BreakerState>) {
  return async (): Promise<Readiness> => {
    const names = Object.keys(subgraphUrls);
    const [redisUp, ...subgraphsUp] = await Promise.all([redisAnswers(redis), ...names.map((name) => subgraphReady(subgraphUrls[name]!))]);
    const down = names.filter((_, index) => !subgraphsUp[index]);
    if (names.length > 0 && down.length === names.length) throw new Error("no subgraph is ready");
    const breakers = breakerStates();
    const openBreakers = Object.keys(breakers).filter((name) => breakers[name] === "open");
    if (down.length === 0 && redisUp && openBreakers.length === 0) return { status: "ready", breakers };
    logger.warn({ unavailableSubgraphs: down, openBreakers, redisUp }, "gateway degraded");
    return { status: "degraded", breakers };
  };
}
