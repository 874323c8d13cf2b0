import Redis from "ioredis";
import type { Logger } from "../logging";
import { cacheVersionKey } from "./versions";

/**
 * Answers another subgraph owns, kept in this process for as long as that subgraph's cache version stays
 * where it was: each use reads the version (one GET) and drops everything when it moved, so a value
 * is never older than the last change the owner committed and announced. Without Redis, nothing is kept.
 */
export class VersionedMemo<V> {
  private version: string | null = null;
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly redis: Redis,
    private readonly subgraph: string,
    private readonly maxEntries: number,
  ) {}

  /** The values of `keys`: kept ones, and the rest from `load` (which may leave some out). */
  async getMany(keys: readonly string[], load: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
    const version = await this.redis.get(cacheVersionKey(this.subgraph)).then(
      (value) => value ?? "0",
      () => null,
    );
    if (version === null) return load([...new Set(keys)]);
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    const found = new Map<string, V>();
    const missing = [...new Set(keys)].filter((key) => {
      const kept = this.entries.get(key);
      if (kept !== undefined) found.set(key, kept);
      return kept === undefined;
    });
    if (missing.length === 0) return found;
    const loaded = await load(missing);
    // Kept only if no change was announced meanwhile (a concurrent use saw a newer version): what was
    // loaded may be from before it.
    if (this.version === version) {
      if (this.entries.size + loaded.size > this.maxEntries) this.entries.clear();
      for (const [key, value] of loaded) this.entries.set(key, value);
    }
    for (const [key, value] of loaded) found.set(key, value);
    return found;
  }
}

/**
 * The connection memos read versions over: a command fails at once while Redis is away (the memo then
 * loads everything), so a missing Redis never holds a request up.
 */
export function connectVersionReader(redisUrl: string, logger: Logger): Redis {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1_000 });
  redis.on("error", (error) => logger.debug({ err: error }, "cache version connection error"));
  return redis;
}
