import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import CircuitBreaker from "opossum";
import { REQUEST_ID_HEADER, signIdentity } from "../identity";
import { currentLogContext } from "../logging";
import { injectTraceContext } from "../tracing";
import { withRetries } from "./retry";

export interface SubgraphClientOptions {
  /** The calling service, which names the span's tracer. */
  caller: string;
  /** The subgraph called, for spans and errors (e.g. "products"). */
  target: string;
  url: string;
  signingSecret: string;
  timeoutMs?: number;
  /** Further attempts after a refused connection or a 502/503/504 (reads only: they are safe to repeat). */
  retries?: number;
  breaker?: { errorPercent: number; minimumCalls: number; resetMs: number };
}

/** The subgraph could not answer: unreachable, too slow, 5xx, an error in its answer, or its breaker is open. */
export class SubgraphCallError extends Error {
  constructor(
    readonly target: string,
    readonly reason: "unreachable" | "timeout" | "http_error" | "graphql_error" | "circuit_open",
    /** What went wrong; for a GraphQL error, its message as the subgraph wrote it. */
    readonly detail: string,
    /** The HTTP status, when the subgraph answered one. */
    readonly status?: number,
    /** The first GraphQL error's `extensions.code`, when the subgraph refused the query with one. */
    readonly code?: string,
  ) {
    super(`the ${target} subgraph could not answer (${reason}): ${detail}`);
    this.name = "SubgraphCallError";
  }
}

export interface SubgraphClient {
  /** Runs a query (a read: it may be sent more than once) as the service itself, with no user. */
  read<TData>(query: string, variables: Record<string, unknown>): Promise<TData>;
  shutdown(): void;
}

const DEFAULT_BREAKER = { errorPercent: 50, minimumCalls: 5, resetMs: 10_000 };
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/** A refused connection or a proxy's "momentarily away"; a timeout is not retried: asking a slow subgraph again adds to its load. */
const isRetryable = (error: unknown) =>
  error instanceof SubgraphCallError && (error.reason === "unreachable" || (error.status !== undefined && RETRYABLE_STATUSES.has(error.status)));

/**
 * A service's own call to another subgraph, made the way the gateway makes its calls: signed as the
 * service, with the request's `x-request-id` and trace context (a CLIENT span), a timeout, retries of
 * refused connections, and a circuit breaker, so a dead subgraph costs callers a fast failure.
 */
export function subgraphClient(options: SubgraphClientOptions): SubgraphClient {
  const { timeoutMs = 5_000, retries = 1 } = options;
  const settings = options.breaker ?? DEFAULT_BREAKER;
  const tracer = trace.getTracer(options.caller);
  const breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
    timeout: false, // each attempt has its own timeout
    errorThresholdPercentage: settings.errorPercent,
    volumeThreshold: settings.minimumCalls,
    resetTimeout: settings.resetMs,
    // An error in the answer (e.g. a refused argument) says nothing about the subgraph's health.
    errorFilter: (error: unknown) => error instanceof SubgraphCallError && error.reason === "graphql_error",
  });

  const send = async (query: string, variables: Record<string, unknown>): Promise<unknown> => {
    const headers: Record<string, string> = { "content-type": "application/json", ...signIdentity(options.signingSecret, null, query) };
    const requestId = currentLogContext()?.requestId;
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    injectTraceContext(headers);
    const response = await fetch(options.url, { method: "POST", headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(timeoutMs) }).catch(
      (error: { name?: string; message?: string }) => {
        // AbortSignal.timeout's reason is a DOMException, which is not an Error everywhere (Jest's realms).
        const timedOut = error.name === "TimeoutError";
        throw new SubgraphCallError(options.target, timedOut ? "timeout" : "unreachable", error.message ?? String(error));
      },
    );
    const body = (await response.json().catch(() => ({}))) as { data?: unknown; errors?: Array<{ message?: string; extensions?: { code?: string } }> };
    const [firstError] = body.errors ?? [];
    // A refusal with a code is the subgraph's answer, whatever the status (Apollo answers 400 for bad input).
    if (firstError?.extensions?.code) {
      throw new SubgraphCallError(options.target, "graphql_error", firstError.message ?? "refused", response.status, firstError.extensions.code);
    }
    if (!response.ok) throw new SubgraphCallError(options.target, "http_error", `HTTP ${response.status}`, response.status);
    if (firstError || body.data === undefined || body.data === null) {
      throw new SubgraphCallError(options.target, "graphql_error", firstError?.message ?? "no data", response.status);
    }
    return body.data;
  };

  const attempt = (query: string, variables: Record<string, unknown>) =>
    withRetries(() => send(query, variables), retries, isRetryable, () => {});

  return {
    read<TData>(query: string, variables: Record<string, unknown>): Promise<TData> {
      return tracer.startActiveSpan(`POST ${options.target}`, { kind: SpanKind.CLIENT, attributes: { "peer.service": options.target } }, async (span) => {
        try {
          return (await breaker.fire(() => attempt(query, variables))) as TData;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          if ((error as { code?: string }).code === "EOPENBREAKER") throw new SubgraphCallError(options.target, "circuit_open", "calls are refused for now");
          throw error;
        } finally {
          span.end();
        }
      });
    },
    shutdown: () => breaker.shutdown(),
  };
}
