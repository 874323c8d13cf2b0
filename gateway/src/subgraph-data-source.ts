import { HEALTH_CHECK_QUERY, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
// The request kinds are not re-exported from the package's entry point.
import { GraphQLDataSourceRequestKind } from "@apollo/gateway/dist/datasources/types";
import type { GraphQLError } from "graphql";
import { REQUEST_ID_HEADER, signIdentity } from "../../packages/identity";
import { injectTraceContext, isTracingEnabled } from "../../packages/tracing";
import type { GatewayContext } from "./context";
import { GATEWAY_SERVICE, subgraphFetchDuration, subgraphFetches, subgraphRetries } from "./metrics";
import {
  failureKind,
  isRetryable,
  missingPartErrors,
  subgraphCallFailed,
  SubgraphHttpError,
  subgraphUnavailable,
  withRetries,
  type Fetcher,
  type SubgraphBreaker,
} from "./subgraph-calls";

/** How calls to one subgraph behave when it is slow or away. */
export interface SubgraphCallPolicy {
  fetcher: Fetcher;
  /** Extra attempts for queries after a connection failure or a 502/503/504; mutations get none. */
  retries: number;
  breaker: SubgraphBreaker;
}

export interface SubgraphDataSourceOptions {
  subgraph: string;
  url: string;
  signingSecret: string;
  /** Without a policy, @apollo/gateway's own client is used as is (no timeout, retry or breaker). */
  policy?: SubgraphCallPolicy;
}

type ProcessResult = ReturnType<RemoteGraphQLDataSource["process"]>;

/**
 * Calls one subgraph. Nothing a client sent is forwarded as is: the verified identity and a signature
 * over it, the time and the subgraph query are set here, with the correlation id and trace context. Each
 * call is bounded by a timeout, retried when it is a query that could not connect, and goes through
 * the subgraph's circuit breaker; a failure leaves the rest of the answer intact, with an error at each
 * missing part.
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraph: string;
  private readonly signingSecret: string;
  private readonly policy: SubgraphCallPolicy | undefined;

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url, ...(options.policy ? { fetcher: options.policy.fetcher } : {}) });
    this.subgraph = options.subgraph;
    this.signingSecret = options.signingSecret;
    this.policy = options.policy;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http?.headers;
    if (!headers) return;
    const context = options.context as Partial<GatewayContext>;
    const signed = signIdentity(this.signingSecret, context.caller ?? null, options.request.query ?? "");
    for (const [name, value] of Object.entries(signed)) headers.set(name, value);
    if (context.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
    if (isTracingEnabled()) for (const [name, value] of Object.entries(injectTraceContext<Record<string, string>>({}))) headers.set(name, value);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const policy = this.policy;
    // Client operations only: health checks and schema loading (unused with a static supergraph) go straight through.
    if (!policy || !("incomingRequestContext" in options)) return super.process(options);
    const labels = { service: GATEWAY_SERVICE, subgraph: this.subgraph };
    // A mutation may have had its effect before a connection dropped, so only a client's queries are
    // tried again (the calls a mutation's plan makes after the mutation itself are not either).
    const retries = options.incomingRequestContext.operation?.operation === "query" ? policy.retries : 0;
    const stopTimer = subgraphFetchDuration.startTimer(labels);
    try {
      const response = await policy.breaker.run(() =>
        withRetries(() => super.process(options), retries, isRetryable, () => subgraphRetries.inc(labels)),
      );
      subgraphFetches.inc({ ...labels, outcome: "ok" });
      return response;
    } catch (error) {
      const kind = failureKind(error);
      subgraphFetches.inc({ ...labels, outcome: kind });
      // Answered, not thrown: errors with paths to the parts this fetch was to supply (a thrown error
      // has none), so a client sees which fields are missing and why the rest is still there.
      const failure = kind === "circuit_open" ? subgraphUnavailable(options.context.requestId) : subgraphCallFailed(this.subgraph, error);
      const errors = missingPartErrors(options.request.query ?? "", options.document, options.request.variables ?? {}, failure);
      return { errors };
    } finally {
      stopTimer();
    }
  }

  /**
   * Whether the subgraph answers a signed `{ __typename }` (@apollo/gateway's own health-check query)
   * over the same client and timeout as real calls, but past the breaker: how an open breaker learns
   * that its subgraph is back.
   */
  async answersHealthCheck(): Promise<boolean> {
    try {
      const response = await super.process({
        kind: GraphQLDataSourceRequestKind.HEALTH_CHECK,
        request: { query: HEALTH_CHECK_QUERY },
        context: {},
      });
      return !response.errors?.length && response.data?.__typename !== undefined;
    } catch {
      return false;
    }
  }

  /** Replaces the default, which puts the subgraph's URL and body in client-visible extensions. */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource["errorFromResponse"]>[0]): Promise<GraphQLError> {
    return new SubgraphHttpError(this.subgraph, response.status);
  }
}
