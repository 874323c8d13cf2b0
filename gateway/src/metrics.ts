import { counter, gauge, histogram } from "../../packages/metrics";

/** The gateway's own metrics, beside graphql_requests_total and graphql_request_duration_seconds. */
export const GATEWAY_SERVICE = "gateway";

export const operationLimitRefusals = counter({
  name: "gateway_operation_limit_refusals_total",
  help: "Operations refused with QUERY_TOO_COMPLEX, by limit",
  labelNames: ["limit"],
});

export const rateLimitRefusals = counter({
  name: "gateway_rate_limit_refusals_total",
  help: "Requests refused with RATE_LIMITED, by limit (unavailable: the limit could not be checked)",
  labelNames: ["limit", "reason"],
});

export const subgraphFetches = counter({
  name: "gateway_subgraph_fetches_total",
  help: "Calls to subgraphs, by outcome (ok, error, timeout, unreachable, circuit_open)",
  labelNames: ["subgraph", "outcome"],
});

export const subgraphFetchDuration = histogram({
  name: "gateway_subgraph_fetch_duration_seconds",
  help: "Time a subgraph call took, retries included",
  labelNames: ["subgraph"],
});

export const entityRepresentations = counter({
  name: "gateway_entity_representations_total",
  help: "Entity representations in _entities fetches: planned (one per occurrence, as the query plan asks) and sent (each distinct one once)",
  labelNames: ["subgraph", "kind"],
});

export const subgraphRetries = counter({
  name: "gateway_subgraph_retries_total",
  help: "Query calls to subgraphs tried again after a connection failure or a 502/503/504",
  labelNames: ["subgraph"],
});

export const subgraphCircuitOpen = gauge({
  name: "gateway_subgraph_circuit_open",
  help: "1 while a subgraph's circuit breaker is open (calls refused at once), 0 otherwise",
  labelNames: ["subgraph"],
});

export const subgraphBreakerState = gauge({
  name: "gateway_subgraph_breaker_state",
  help: "A subgraph's circuit breaker state: 1 for the state it is in (closed, open, half-open), 0 for the others",
  labelNames: ["subgraph", "state"],
});

export const operationDocuments = counter({
  name: "gateway_operation_documents_total",
  help: "Operations by how their document arrived: text, a manifest operation's hash, or a registered persisted query's hash",
  labelNames: ["source"],
});

export const documentParses = counter({
  name: "gateway_document_parses_total",
  help: "Documents parsed and validated because Apollo Server's document cache did not have them yet",
});

export const liveSubscriptions = gauge({
  name: "gateway_subscriptions_active",
  help: "Subscriptions open over graphql-ws on this replica, by field",
  labelNames: ["field"],
});

export const liveConnections = gauge({
  name: "gateway_subscription_connections_active",
  help: "Signed-in graphql-ws connections open on this replica",
});

export const livePushes = counter({
  name: "gateway_subscription_pushes_total",
  help: "Results pushed to subscribers, by field",
  labelNames: ["field"],
});

export const liveRefusals = counter({
  name: "gateway_subscription_refusals_total",
  help: "Connections and subscriptions refused or ended by the gateway, by reason (unauthenticated, token_expired, connection_limit, invalid, not_found)",
  labelNames: ["reason"],
});

export const responseCacheRequests = counter({
  name: "gateway_response_cache_requests_total",
  help: "Queries by what the response cache did: hit (answered from Redis, no subgraph called), miss (answered by the subgraphs, then stored), uncacheable (a field not declared public), unavailable (Redis did not answer)",
  labelNames: ["outcome"],
});
