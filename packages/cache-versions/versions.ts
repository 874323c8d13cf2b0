import type Redis from "ioredis";

export const CACHE_VERSION_KEY_PREFIX = "shop:cache:version:";

/** The Redis key of one subgraph's version, e.g. `shop:cache:version:products`. */
export function cacheVersionKey(subgraph: string): string {
  return `${CACHE_VERSION_KEY_PREFIX}${subgraph}`;
}

/**
 * The current version of each subgraph, in the order given, in one MGET; "0" for a subgraph that never
 * changed anything (its key does not exist yet, or Redis lost it, after which every stored answer's
 * key is gone with it too).
 */
export async function readCacheVersions(redis: Redis, subgraphs: readonly string[]): Promise<string[]> {
  if (subgraphs.length === 0) return [];
  const versions = await redis.mget(...subgraphs.map(cacheVersionKey));
  return versions.map((version) => version ?? "0");
}
