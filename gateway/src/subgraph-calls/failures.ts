import { GraphQLError } from "graphql";
import { ErrorCode } from "../../../packages/errors";

/** A subgraph answered with an HTTP error status; no client-facing code, so clients see it masked. */
export class SubgraphHttpError extends GraphQLError {
  constructor(
    readonly subgraph: string,
    readonly status: number,
  ) {
    super(`subgraph ${subgraph} answered HTTP ${status}`);
    this.name = "SubgraphHttpError";
  }
}

export type FailureKind = "timeout" | "unreachable" | "circuit_open" | "http_5xx" | "other";

interface FetchFailure {
  name?: string;
  type?: string;
  code?: string;
}

/** What went wrong with a subgraph call, from node-fetch's / make-fetch-happen's FetchError, opossum's refusal, or an HTTP status. */
export function failureKind(error: unknown): FailureKind {
  if (error instanceof SubgraphHttpError) return error.status >= 500 ? "http_5xx" : "other";
  const failure = (error ?? {}) as FetchFailure;
  if (failure.code === "EOPENBREAKER") return "circuit_open";
  if (failure.name === "FetchError" && (failure.type === "request-timeout" || failure.type === "body-timeout")) return "timeout";
  if (failure.name === "FetchError" && failure.type === "system") return "unreachable";
  return "other";
}

const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/**
 * Worth trying a query again: the connection failed (refused, reset) or a proxy said the subgraph is
 * momentarily away. A timeout is not: the subgraph is slow, and asking again adds to its load.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof SubgraphHttpError) return RETRYABLE_STATUSES.has(error.status);
  return failureKind(error) === "unreachable";
}

/** Counts towards opening the breaker: the subgraph is unreachable, slow or failing, not merely refusing a request. */
export function indicatesUnavailability(error: unknown): boolean {
  const kind = failureKind(error);
  return kind === "timeout" || kind === "unreachable" || kind === "http_5xx";
}

/** Wraps a failure with the subgraph's name for the logs; clients see it masked (it has no code). */
export function subgraphCallFailed(subgraph: string, error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new GraphQLError(`subgraph ${subgraph} call failed (${failureKind(error)}): ${reason}`, {
    originalError: error instanceof Error ? error : undefined,
  });
}

export const SERVICE_UNAVAILABLE_MESSAGE = "This part of the answer is temporarily unavailable; try again in a few seconds";

/**
 * A call its subgraph's open breaker refused: SERVICE_UNAVAILABLE with a message meant for clients
 * (naming no subgraph or host) and the request's correlation id. The rest of the answer still arrives.
 */
export function subgraphUnavailable(requestId: string | undefined): GraphQLError {
  return new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, {
    extensions: { code: ErrorCode.ServiceUnavailable, ...(requestId ? { requestId } : {}) },
  });
}
