import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import type { OperationLimits } from "../edge-config";
import { documentLimitRefusal, staticCost, tooComplex } from "../operation-limits";

/** What a graphql-ws subscribe message carries. */
export interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export interface DocumentChecks {
  operationLimits: OperationLimits;
  /** Why a document may not run here (persisted operations only), or null. */
  admitDocument: (query: string) => GraphQLError | null;
}

/** A document that passed every check, with the variables its operation declares. */
export interface CheckedDocument {
  document: DocumentNode;
  variables: Record<string, unknown> | undefined;
}

const refusal = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

/** The variables the operation declares; anything else a client sent is not kept for the subscription's life. */
function declaredVariables(document: DocumentNode, operationName: string | null | undefined, sent: SubscribePayload["variables"]): CheckedDocument["variables"] {
  const declared = getOperationAST(document, operationName)?.variableDefinitions?.map((definition) => definition.variable.name.value) ?? [];
  if (!sent || declared.length === 0) return undefined;
  return Object.fromEntries(declared.filter((name) => Object.hasOwn(sent, name)).map((name) => [name, sent[name]]));
}

function parsed(query: string): DocumentNode | readonly GraphQLError[] {
  try {
    return parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return refusal(error.message, "GRAPHQL_PARSE_FAILED");
    throw error;
  }
}

/**
 * The checks an HTTP document gets, in the same order: the persisted-operation allow-list, the document
 * limits (before parsing), the API schema, then the static cost with the variables sent.
 */
export function checkSubscriptionDocument(schema: GraphQLSchema, payload: SubscribePayload, checks: DocumentChecks): CheckedDocument | readonly GraphQLError[] {
  const refused = checks.admitDocument(payload.query);
  if (refused) return [refused];
  const limits = checks.operationLimits;
  const overLimit = limits.enabled ? documentLimitRefusal(payload.query, limits) : null;
  if (overLimit) return [overLimit];
  const document = parsed(payload.query);
  if (!("kind" in document)) return document;
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((error) => new GraphQLError(error.message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
  const variables = declaredVariables(document, payload.operationName, payload.variables);
  const operation = getOperationAST(document, payload.operationName);
  const cost = limits.enabled && operation ? staticCost(schema, document, operation, variables) : 0;
  if (cost > limits.maxCost) return [tooComplex("cost", cost, limits.maxCost)];
  return { document, variables };
}
