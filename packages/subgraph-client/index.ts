/**
 * Calls from one service to another's subgraph (and the retry rule the gateway's calls share): signed,
 * traced, bounded in time, retried when safe, behind a circuit breaker.
 */
export { subgraphClient, SubgraphCallError, type SubgraphClient, type SubgraphClientOptions } from "./subgraph-client";
export { withRetries } from "./retry";
