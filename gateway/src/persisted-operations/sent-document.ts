import { SHA256_HEX, sha256Hex, type PersistedOperations } from "./manifest";

/** How a request names its document: the text, a persisted-query hash, or a persisted document's id. */
export interface SentDocument {
  query?: string;
  /** `extensions.persistedQuery.sha256Hash` (automatic persisted queries, Apollo's clients). */
  hash?: string;
  /** `extensions.persistedQuery.version` (null when left out) whenever a persisted query is sent; 1 is the only one. */
  version?: unknown;
  /** `documentId` (GraphQL over HTTP's persisted documents), with or without its `sha256:` prefix. */
  documentId?: string;
}

function persistedQuery(extensions: unknown): Pick<SentDocument, "hash" | "version"> {
  if (typeof extensions === "string") {
    try {
      return persistedQuery(JSON.parse(extensions));
    } catch {
      return {}; // Apollo Server answers the malformed parameter
    }
  }
  if (!extensions || typeof extensions !== "object") return {};
  const sent = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (!sent || typeof sent !== "object") return {};
  const { sha256Hash, version } = sent as { sha256Hash?: unknown; version?: unknown };
  return { ...(typeof sha256Hash === "string" ? { hash: sha256Hash } : {}), version: version ?? null };
}

/**
 * What a POST body or a GET's parameters say about the document (GET sends `extensions` as JSON text).
 * Anything not a string is left out; Apollo Server refuses the malformed request itself.
 */
export function sentDocument(fields: unknown): SentDocument {
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) return {};
  const { query, extensions, documentId } = fields as Record<string, unknown>;
  return {
    ...(typeof query === "string" ? { query } : {}),
    ...persistedQuery(extensions),
    ...(typeof documentId === "string" ? { documentId } : {}),
  };
}

/** A `documentId` as the SHA-256 it names (`sha256:<hex>` or bare hex), or null when it names none. */
export function documentIdHash(documentId: string): string | null {
  const hash = documentId.startsWith("sha256:") ? documentId.slice("sha256:".length) : documentId;
  return SHA256_HEX.test(hash) ? hash : null;
}

export type Admission = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether `PERSISTED_OPERATIONS=require` lets a document through: only an operation of the manifest,
 * named by its hash (or documentId), or sent as its exact text (its SHA-256 is then a manifest id).
 */
export function admitPersistedOnly(sent: SentDocument, operations: PersistedOperations): Admission {
  const named = sent.hash ?? (sent.documentId === undefined ? undefined : (documentIdHash(sent.documentId) ?? sent.documentId));
  const textHash = sent.query === undefined || sent.query === "" ? undefined : sha256Hex(sent.query);
  if (named === undefined && textHash === undefined) return { allowed: false, reason: "no operation was sent" };
  if (named !== undefined && textHash !== undefined && named !== textHash) return { allowed: false, reason: "the hash is not the SHA-256 of the query sent" };
  const id = named ?? textHash!;
  return operations.has(id) ? { allowed: true } : { allowed: false, reason: "the operation is not in the persisted-operation manifest" };
}
