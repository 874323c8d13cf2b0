import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** One operation of Apollo's persisted query manifest (`apollo-persisted-query-manifest`, version 1). */
export interface PersistedOperation {
  /** SHA-256 of the body, lowercase hex: the `sha256Hash` (or `documentId`) a client sends instead of the body. */
  id: string;
  name: string;
  type: "query" | "mutation" | "subscription";
  body: string;
}

/** The manifest's operations by id. */
export type PersistedOperations = ReadonlyMap<string, PersistedOperation>;

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function isOperation(value: unknown): value is PersistedOperation {
  if (!value || typeof value !== "object") return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.id === "string" &&
    typeof entry.name === "string" &&
    typeof entry.body === "string" &&
    (entry.type === "query" || entry.type === "mutation" || entry.type === "subscription")
  );
}

/**
 * The operations of a manifest, checked: the format and version, and every id the SHA-256 of its body
 * (the id is what a client sends in place of the body, so an id that names another body is refused).
 */
export function parsePersistedOperations(manifest: unknown, source = "the manifest"): PersistedOperations {
  const root = manifest as { format?: unknown; version?: unknown; operations?: unknown } | null;
  if (!root || root.format !== "apollo-persisted-query-manifest" || root.version !== 1 || !Array.isArray(root.operations)) {
    throw new Error(`${source} is not an apollo-persisted-query-manifest, version 1`);
  }
  const operations = new Map<string, PersistedOperation>();
  for (const [index, entry] of root.operations.entries()) {
    if (!isOperation(entry)) throw new Error(`${source}: operation ${index} needs id, name, type and body`);
    if (!SHA256_HEX.test(entry.id) || sha256Hex(entry.body) !== entry.id) {
      throw new Error(`${source}: the id of operation ${entry.name} is not the SHA-256 of its body`);
    }
    operations.set(entry.id, { id: entry.id, name: entry.name, type: entry.type, body: entry.body });
  }
  return operations;
}

/** Reads and checks the manifest file (`npm run codegen` writes it to operations/generated/). */
export function readPersistedOperations(manifestPath: string): PersistedOperations {
  let text: string;
  try {
    text = readFileSync(manifestPath, "utf8");
  } catch (error) {
    throw new Error(`the persisted-operation manifest ${manifestPath} cannot be read: ${(error as Error).message}`);
  }
  return parsePersistedOperations(JSON.parse(text), manifestPath);
}
