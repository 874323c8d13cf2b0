import type { RequestHandler } from "express";
import { GraphQLError, parse, type DocumentNode } from "graphql";
import { sendJsonError } from "../../../packages/subgraph-host";
import type { OperationLimits } from "../edge-config";
import { measureDocument } from "./document-shape";
import { countTokens } from "./token-count";
import { tooComplex } from "./too-complex";

/** The document's size and shape against the limits; the refusal, or null when it is within them. */
export function documentLimitRefusal(query: string, limits: OperationLimits): GraphQLError | null {
  if (countTokens(query, limits.maxTokens) > limits.maxTokens) return tooComplex("tokens", undefined, limits.maxTokens);
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return null; // Apollo Server reports the syntax error
    throw error;
  }
  const shape = measureDocument(document);
  if (shape.depth > limits.maxDepth) return tooComplex("depth", shape.depth, limits.maxDepth);
  if (shape.aliases > limits.maxAliases) return tooComplex("aliases", shape.aliases, limits.maxAliases);
  if (shape.rootFields > limits.maxRootFields) return tooComplex("rootFields", shape.rootFields, limits.maxRootFields);
  if (shape.directives > limits.maxDirectives) return tooComplex("directives", shape.directives, limits.maxDirectives);
  return null;
}

function querySent(body: unknown, searchQuery: unknown): string | null {
  if (body && typeof body === "object" && !Array.isArray(body) && typeof (body as { query?: unknown }).query === "string") {
    return (body as { query: string }).query;
  }
  return typeof searchQuery === "string" ? searchQuery : null;
}

/**
 * Refuses documents over the token, depth, alias, root-field or directive limits with QUERY_TOO_COMPLEX
 * (HTTP 400) before Apollo Server parses and validates them: validation's cost grows with aliases and
 * fragment spreads, so the limits must come first. (Apollo Server turns an error thrown from its own
 * parsing or validation hooks into HTTP 500, so this runs in front of it.) `checkedAlready` names documents
 * known to be within these limits (the persisted-operation manifest's, checked at start), which are not
 * lexed and parsed again.
 */
export function documentLimitsMiddleware(limits: OperationLimits, checkedAlready: (query: string) => boolean = () => false): RequestHandler {
  return (req, res, next) => {
    const query = querySent(req.body, req.query.query);
    const refusal = query === null || checkedAlready(query) ? null : documentLimitRefusal(query, limits);
    if (!refusal) return next();
    sendJsonError(res, 400, String(refusal.extensions.code), refusal.message);
  };
}
