import type { Request, RequestHandler } from "express";
import { ErrorCode } from "../../../packages/errors";
import { sendJsonError } from "../../../packages/subgraph-host";
import type { PersistedOperationsMode } from "../edge-config";
import type { PersistedOperations } from "./manifest";
import { sha256Hex } from "./manifest";
import { admitPersistedOnly, documentIdHash, sentDocument, type SentDocument } from "./sent-document";

/** The `extensions` a GET sends as JSON text, or a POST as an object; {} when absent or malformed. */
function extensionsOf(fields: Record<string, unknown>): Record<string, unknown> {
  let extensions = fields.extensions;
  if (typeof extensions === "string") {
    try {
      extensions = JSON.parse(extensions);
    } catch {
      return {};
    }
  }
  return extensions && typeof extensions === "object" && !Array.isArray(extensions) ? (extensions as Record<string, unknown>) : {};
}

/**
 * A `documentId` becomes the automatic-persisted-query extension Apollo Server understands, so both
 * arrive at the same lookup (manifest first, then registered documents).
 */
function asPersistedQuery(req: Request, hash: string): void {
  if (req.method === "GET") {
    const url = new URL(req.url, "http://gateway.invalid");
    const extensions = { ...extensionsOf(Object.fromEntries(url.searchParams)), persistedQuery: { version: 1, sha256Hash: hash } };
    url.searchParams.delete("documentId");
    url.searchParams.set("extensions", JSON.stringify(extensions));
    req.url = `${url.pathname}${url.search}`;
    return;
  }
  const { documentId: _documentId, ...body } = req.body as Record<string, unknown>;
  req.body = { ...body, extensions: { ...extensionsOf(body), persistedQuery: { version: 1, sha256Hash: hash } } };
}

/**
 * What Apollo Server would refuse without a code (so the error masking would turn it into
 * INTERNAL_SERVER_ERROR): an unknown persisted-query version, a hash that is not the text's.
 */
function malformedPersistedQuery(sent: SentDocument): string | null {
  if (sent.version !== undefined && sent.version !== 1) return "extensions.persistedQuery.version must be 1";
  if (sent.hash !== undefined && sent.query !== undefined && sha256Hex(sent.query) !== sent.hash) {
    return "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent";
  }
  return null;
}

/**
 * In front of Apollo Server (and of the document limits, which only see text): turns a `documentId` into
 * the persisted-query extension and, with `require`, refuses every document that is not a manifest
 * operation with OPERATION_NOT_ALLOWED (HTTP 400) before anything is parsed.
 */
export function persistedOperationsMiddleware(mode: PersistedOperationsMode, operations: PersistedOperations): RequestHandler {
  return (req, res, next) => {
    const sent = sentDocument(req.method === "GET" ? req.query : req.body);
    const malformed = malformedPersistedQuery(sent);
    if (malformed !== null) return sendJsonError(res, 400, "BAD_REQUEST", malformed);
    // A request with no document at all runs nothing (the landing page, or Apollo Server's BAD_REQUEST).
    const sentAny = sent.query !== undefined || sent.hash !== undefined || sent.documentId !== undefined;
    if (mode === "require" && sentAny) {
      const admission = admitPersistedOnly(sent, operations);
      if (!admission.allowed) {
        sendJsonError(res, 400, ErrorCode.OperationNotAllowed, `Only persisted operations are run here: ${admission.reason}`);
        return;
      }
    }
    if (sent.documentId !== undefined) {
      const hash = documentIdHash(sent.documentId);
      if (hash === null) return sendJsonError(res, 400, "BAD_REQUEST", "documentId is not a SHA-256 hash (sha256:<64 hex digits>)");
      if (sent.hash !== undefined && sent.hash !== hash) {
        return sendJsonError(res, 400, "BAD_REQUEST", "documentId and extensions.persistedQuery name different documents");
      }
      asPersistedQuery(req, hash);
    }
    next();
  };
}
