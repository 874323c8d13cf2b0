import http from "node:http";
import https from "node:https";
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import nodeFetch, { type RequestInit } from "node-fetch";

export type Fetcher = RemoteGraphQLDataSource["fetcher"];

// Idle pooled sockets are closed after this (sooner when a server's Keep-Alive hint says so, which
// Node honours), so a socket the subgraph already closed is rarely reused.
const IDLE_SOCKET_TIMEOUT_MS = 30_000;

export interface SubgraphHttpClient {
  /** A fetcher for one subgraph: requests and response bodies are given up after `timeoutMs`. */
  fetcherWithTimeout(timeoutMs: number): Fetcher;
  close(): void;
}

/**
 * Pooled keep-alive connections to the subgraphs (node-fetch over Node's agents). @apollo/gateway's
 * own client (make-fetch-happen) cost about twice the CPU per call on this machine (measured with SUBGRAPH_HTTP_CLIENT=default).
 */
export function keepAliveHttpClient(): SubgraphHttpClient {
  const httpAgent = new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS });
  const httpsAgent = new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS });
  const agent = (url: URL) => (url.protocol === "https:" ? httpsAgent : httpAgent);
  return {
    fetcherWithTimeout: (timeoutMs) => (url, init) => nodeFetch(url, { ...(init as RequestInit), agent, timeout: timeoutMs }),
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** @apollo/gateway's default client (make-fetch-happen), with the same timeout (SUBGRAPH_HTTP_CLIENT=default), to compare against. */
export function defaultHttpClient(): SubgraphHttpClient {
  const fetcher = new RemoteGraphQLDataSource().fetcher;
  return {
    // make-fetch-happen takes `timeout` per request like node-fetch.
    fetcherWithTimeout: (timeoutMs) => (url, init) => fetcher(url, { ...init, timeout: timeoutMs } as Parameters<Fetcher>[1]),
    close: () => {},
  };
}
