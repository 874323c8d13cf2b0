import type Redis from "ioredis";

export const CACHE_VERSION_KEY_PREFIX = "shop:cache:version:";

/** The Redis key of one subgraph's version, e.g. `shop:cache:version:products`: bumped by every change it commits. */
export function cacheVersionKey(subgraph: string): string {
  return `${CACHE_VERSION_KEY_PREFIX}${subgraph}`;
}

/** The key of one entity's version in one subgraph, e.g. `shop:cache:version:inventory:Product:<id>`. */
export function entityVersionKey(subgraph: string, typeName: string, id: string): string {
  return `${CACHE_VERSION_KEY_PREFIX}${subgraph}:${typeName}:${id}`;
}

/**
 * The current value of each version key, in the order given, in one MGET; "0" for a key that was never
 * bumped (or that Redis lost, after which every stored answer is gone with it too).
 */
export async function readVersions(redis: Redis, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const versions = await redis.mget(...keys);
  return versions.map((version) => version ?? "0");
}

/**
 * Subgraphs whose cached data is all fields of one entity type and which bump each changed entity's
 * version beside their own: an answer from them depends on the entities it shows, not on every change.
 * Inventory bumps the products whose stock a change touched.
 */
export const ENTITY_VERSIONED_SUBGRAPHS: Readonly<Record<string, string>> = { inventory: "Product" };
