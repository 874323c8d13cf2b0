import type Redis from "ioredis";
import type { RequestHandler } from "express";
import type { Logger } from "../../../packages/logging";
import type { OperationLimits, PersistedOperationSettings } from "../edge-config";
import { documentLimitRefusal } from "../operation-limits";
import { readPersistedOperations, sha256Hex, type PersistedOperation, type PersistedOperations } from "./manifest";
import { persistedOperationsMiddleware } from "./middleware";
import { persistedQueryStore, type PersistedQueryStore } from "./query-cache";

export { parsePersistedOperations, readPersistedOperations, sha256Hex, type PersistedOperation, type PersistedOperations } from "./manifest";
export { persistedOperationsMiddleware } from "./middleware";
export { persistedQueryStore, type PersistedQueryStore, type RegisteredQuerySettings } from "./query-cache";
export { admitPersistedOnly, documentIdHash, sentDocument, type Admission, type SentDocument } from "./sent-document";

/** Registered documents each replica keeps in memory in front of Redis. */
const MEMORY_ENTRIES = 1000;

export interface PersistedOperationsSetup {
  /** The manifest operations served by hash (none when the mode is `off`). */
  operations: PersistedOperations;
  /** In front of the document limits: documentId, and the allow-list when the mode is `require`. */
  middleware: RequestHandler;
  /** Apollo Server's `persistedQueries` option. */
  apollo: false | { cache: PersistedQueryStore; ttl: null };
  /** Whether a text is a manifest operation's, checked against the document limits at start. */
  isServedManifestText: (query: string) => boolean;
}

/**
 * A text is a served manifest operation's when its SHA-256 is one of their ids. Only texts no longer than
 * the longest body are hashed, so a huge document costs nothing more than before.
 */
function manifestText(operations: PersistedOperations): (query: string) => boolean {
  const longest = Math.max(0, ...[...operations.values()].map((operation) => operation.body.length));
  return (query) => query.length <= longest && operations.has(sha256Hex(query));
}

/**
 * The manifest operations a hash may name: those within the document limits. Text over the limits is
 * refused before Apollo Server sees it, so a hash must not let the same document in (it is logged and
 * left out; sent as text it is refused as usual).
 */
function withinLimits(operations: PersistedOperations, limits: OperationLimits, logger: Logger): PersistedOperations {
  if (!limits.enabled) return operations;
  const served = new Map<string, PersistedOperation>();
  for (const operation of operations.values()) {
    const refusal = documentLimitRefusal(operation.body, limits);
    if (refusal) logger.error({ operation: operation.name }, `persisted operation ${operation.name} is not served by hash: ${refusal.message}`);
    else served.set(operation.id, operation);
  }
  return served;
}

/**
 * Registered documents were checked against the document limits of the replica that registered them;
 * the limits are part of the Redis key, so a replica with other limits never runs them by hash.
 */
export function registeredKeyPrefix(keyPrefix: string, limits: OperationLimits): string {
  return `${keyPrefix}:${sha256Hex(JSON.stringify(limits)).slice(0, 12)}`;
}

export function persistedOperations(
  settings: PersistedOperationSettings,
  limits: OperationLimits,
  redis: Redis,
  logger: Logger,
): PersistedOperationsSetup {
  const operations = settings.mode === "off" ? new Map<string, PersistedOperation>() : withinLimits(readPersistedOperations(settings.manifestPath), limits, logger);
  // With `require` only manifest operations pass, so nothing else is ever registered.
  const registering = settings.apqEnabled && settings.mode !== "require";
  const registered = registering
    ? {
        redis,
        settings: {
          keyPrefix: registeredKeyPrefix(settings.apqKeyPrefix, limits),
          ttlSeconds: settings.apqTtlSeconds,
          maxDocumentBytes: settings.apqMaxDocumentBytes,
          memoryEntries: MEMORY_ENTRIES,
        },
      }
    : null;
  const apollo = operations.size === 0 && !registered ? false : { cache: persistedQueryStore(operations, registered, logger), ttl: null };
  return { operations, middleware: persistedOperationsMiddleware(settings.mode, operations), apollo, isServedManifestText: manifestText(operations) };
}
