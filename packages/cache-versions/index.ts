/**
 * The counters that keep the gateway's response cache from ever answering stale data: every cached
 * answer is stored with the versions of what it was read from, read around the fetch, and a subgraph bumps
 * its version (and those of the entities a change touched) right after it commits a change to data it lets
 * the gateway cache.
 */
export { CACHE_VERSION_KEY_PREFIX, cacheVersionKey, ENTITY_VERSIONED_SUBGRAPHS, entityVersionKey, readVersions } from "./versions";
export { cacheInvalidator, connectCacheInvalidator, type CacheInvalidator, type ChangedEntities } from "./invalidator";
export { connectVersionReader, VersionedMemo } from "./versioned-memo";
