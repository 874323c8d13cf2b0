/** Whole answers of public queries, kept in Redis and never stale; see responseCachePlugins. */
export { responseCachePlugins, type ResponseCacheOptions } from "./plugins";
export { CacheHints, type CachePlan } from "./cache-hints";
