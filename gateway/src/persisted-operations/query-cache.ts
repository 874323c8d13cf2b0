import type Redis from "ioredis";
import type { Logger } from "../../../packages/logging";
import { SHA256_HEX, type PersistedOperations } from "./manifest";

/**
 * Apollo Server's KeyValueCache as its persisted-query support uses it (`persistedQueries.cache`): Apollo
 * prefixes each key with `apq:` and stores a document only after it parsed, validated and passed the
 * didResolveOperation plugins (cost, rate limits) with its hash checked against its text.
 */
export interface PersistedQueryStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

export interface RegisteredQuerySettings {
  /** Prefix of the Redis keys; replicas that share registrations share it. */
  keyPrefix: string;
  ttlSeconds: number;
  /** Larger documents are not registered (the client keeps sending their text). */
  maxDocumentBytes: number;
  /** How many registered documents each replica keeps in memory in front of Redis. */
  memoryEntries: number;
}

const APOLLO_KEY_PREFIX = "apq:";

/** The hash inside Apollo's key, or null for anything that is not a SHA-256 (never looked up). */
function hashOf(key: string): string | null {
  const hash = key.startsWith(APOLLO_KEY_PREFIX) ? key.slice(APOLLO_KEY_PREFIX.length) : key;
  return SHA256_HEX.test(hash) ? hash : null;
}

/** A small least-recently-used map: a hit moves the entry to the end, the oldest goes first. */
class RecentDocuments {
  private readonly entries = new Map<string, string>();
  constructor(private readonly capacity: number) {}

  get(hash: string): string | undefined {
    const value = this.entries.get(hash);
    if (value !== undefined) {
      this.entries.delete(hash);
      this.entries.set(hash, value);
    }
    return value;
  }

  set(hash: string, value: string): void {
    if (this.capacity <= 0) return;
    this.entries.delete(hash);
    this.entries.set(hash, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(hash: string): void {
    this.entries.delete(hash);
  }
}

/**
 * Where a hash finds its document: first the manifest (preloaded, never registered, never expires), then,
 * when automatic persisted queries are on, documents clients registered: a few in memory, all in Redis so
 * every gateway replica knows them. Redis failures are logged and answered "not found": the client then
 * sends the text, which works without Redis.
 */
export function persistedQueryStore(
  manifest: PersistedOperations,
  registered: { redis: Redis; settings: RegisteredQuerySettings } | null,
  logger: Logger,
): PersistedQueryStore {
  const recent = new RecentDocuments(registered?.settings.memoryEntries ?? 0);
  const redisKey = (hash: string) => `${registered!.settings.keyPrefix}:${hash}`;
  return {
    async get(key) {
      const hash = hashOf(key);
      if (hash === null) return undefined;
      const persisted = manifest.get(hash);
      if (persisted) return persisted.body;
      if (!registered) return undefined;
      const remembered = recent.get(hash);
      if (remembered !== undefined) return remembered;
      try {
        const document = await registered.redis.get(redisKey(hash));
        if (document === null) return undefined;
        recent.set(hash, document);
        return document;
      } catch (error) {
        logger.warn({ err: error }, "registered persisted queries unavailable");
        return undefined;
      }
    },
    async set(key, value) {
      const hash = hashOf(key);
      if (hash === null || manifest.has(hash) || !registered) return;
      if (Buffer.byteLength(value, "utf8") > registered.settings.maxDocumentBytes) return;
      recent.set(hash, value);
      try {
        await registered.redis.set(redisKey(hash), value, "EX", registered.settings.ttlSeconds);
      } catch (error) {
        logger.warn({ err: error }, "could not register a persisted query");
      }
    },
    async delete(key) {
      const hash = hashOf(key);
      if (hash === null || !registered) return false;
      recent.delete(hash);
      return (await registered.redis.del(redisKey(hash))) > 0;
    },
  };
}
