import { HEALTH_CHECK_QUERY, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
// The request kinds are not re-exported from the package's entry point.
import { GraphQLDataSourceRequestKind } from "@apollo/gateway/dist/datasources/types";
import { parse, type DocumentNode, type GraphQLError } from "graphql";
import { BoundedCache } from "../../packages/bounded-cache";
import { REQUEST_ID_HEADER, signIdentity } from "../../packages/identity";
import { injectTraceContext, isTracingEnabled } from "../../packages/tracing";
import type { GatewayContext } from "./context";
import { entityRepresentations, GATEWAY_SERVICE, subgraphFetchDuration, subgraphFetches, subgraphRetries } from "./metrics";
import {
  dedupeRepresentations,
  failureKind,
  isEntityFetch,
  isRetryable,
  missingPartErrors,
  subgraphCallFailed,
  type RepresentationDedup,
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
  /** Entity fetches send each distinct representation once and fan the answer back out (default: true). */
  dedupeRepresentations?: boolean;
}

type ProcessResult = ReturnType<RemoteGraphQLDataSource["process"]>;

/** Query texts whose kind (entity fetch or not) a data source remembers. */
const ENTITY_FETCH_CACHE_SIZE = 500;

/**
 * Calls one subgraph. Nothing a client sent is forwarded as is: the verified identity and a signature
 * over it, the time and the subgraph query are set here, with the correlation id and trace context. Each
 * call is bounded by a timeout, retried when it is a query that could not connect, and goes through
 * the subgraph's circuit breaker; a failure leaves the rest of the answer intact, with an error at each
 * missing part. An entity fetch sends each distinct representation once, not once per occurrence.
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraph: string;
  private readonly signingSecret: string;
  private readonly policy: SubgraphCallPolicy | undefined;
  private readonly dedupe: boolean;
  private readonly entityFetchQueries = new BoundedCache<boolean>(ENTITY_FETCH_CACHE_SIZE);

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url, ...(options.policy ? { fetcher: options.policy.fetcher } : {}) });
    this.subgraph = options.subgraph;
    this.signingSecret = options.signingSecret;
    this.policy = options.policy;
    this.dedupe = options.dedupeRepresentations ?? true;
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
    // Client operations only: health checks and schema loading (unused with a static supergraph) go straight through.
    if (!("incomingRequestContext" in options)) return super.process(options);
    const dedup = this.entityDedup(options.request, options.document);
    const sent = dedup ? { ...options, request: { ...options.request, variables: dedup.variables } } : options;
    const send = async () => {
      const response = await super.process(sent);
      return dedup ? dedup.expand(response) : response;
    };
    const policy = this.policy;
    if (!policy) return send();
    const labels = { service: GATEWAY_SERVICE, subgraph: this.subgraph };
    // A mutation may have had its effect before a connection dropped, so only a client's queries are
    // tried again (the calls a mutation's plan makes after the mutation itself are not either).
    const retries = options.incomingRequestContext.operation?.operation === "query" ? policy.retries : 0;
    const stopTimer = subgraphFetchDuration.startTimer(labels);
    try {
      const response = await policy.breaker.run(() =>
        withRetries(send, retries, isRetryable, () => subgraphRetries.inc(labels)),
      );
      subgraphFetches.inc({ ...labels, outcome: "ok" });
      return response;
    } catch (error) {
      const kind = failureKind(error);
      subgraphFetches.inc({ ...labels, outcome: kind });
      // Answered, not thrown: errors with paths to the parts this fetch was to supply (a thrown error
      // has none), so a client sees which fields are missing and why the rest is still there; one
      // per planned representation, not per one sent.
      const failure = kind === "circuit_open" ? subgraphUnavailable(options.context.requestId) : subgraphCallFailed(this.subgraph, error);
      const errors = missingPartErrors(options.request.query ?? "", options.document, options.request.variables ?? {}, failure);
      return { errors };
    } finally {
      stopTimer();
    }
  }

  /**
   * For an entity fetch, the representations to send (each distinct one once when deduplication is on)
   * and how to expand the answer, counted in gateway_entity_representations_total; undefined otherwise.
   */
  private entityDedup(request: GraphQLDataSourceProcessOptions["request"], document: DocumentNode | undefined): RepresentationDedup | undefined {
    if (!Array.isArray(request.variables?.representations)) return undefined;
    if (!this.isEntityFetchQuery(request.query, document)) return undefined;
    const dedup = dedupeRepresentations(request.variables);
    if (!dedup) return undefined;
    const labels = { service: GATEWAY_SERVICE, subgraph: this.subgraph };
    entityRepresentations.inc({ ...labels, kind: "planned" }, dedup.planned);
    if (!this.dedupe) {
      entityRepresentations.inc({ ...labels, kind: "sent" }, dedup.planned);
      return undefined;
    }
    entityRepresentations.inc({ ...labels, kind: "sent" }, dedup.sent);
    return dedup;
  }

  /**
   * Whether this fetch is an `_entities` call. @apollo/gateway hands over the query text without its
   * document, and parsing it on every call was 2% of the gateway's CPU: the answer is kept per query
   * text (the query plans' few documents; bounded all the same).
   */
  private isEntityFetchQuery(query: string | undefined, document: DocumentNode | undefined): boolean {
    if (document) return isEntityFetch(document);
    if (!query) return false;
    return this.entityFetchQueries.getOrCompute(query, () => isEntityFetch(parse(query)));
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
