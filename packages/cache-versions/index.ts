/**
 * The counters that keep the gateway's response cache from ever answering stale data: every cached
 * answer is stored under the versions of the subgraphs it was read from, and a subgraph bumps its
 * version right after it commits a change to data it lets the gateway cache.
 */
export { CACHE_VERSION_KEY_PREFIX, cacheVersionKey, readCacheVersions } from "./versions";
export { cacheInvalidator, connectCacheInvalidator, type CacheInvalidator } from "./invalidator";
