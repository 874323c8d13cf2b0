import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import type { FetcherHeaders, FetcherRequestInit, FetcherResponse } from "@apollo/utils.fetcher";

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
 * A failure shaped like node-fetch's FetchError (name, type, code), which failureKind and the retry
 * and breaker rules read: `system` (could not connect, connection reset), `request-timeout` (no
 * answer in time), `body-timeout` (the answer did not finish in time).
 */
export class FetchError extends Error {
  override readonly name = "FetchError";
  readonly code: string | undefined;

  constructor(
    message: string,
    readonly type: "system" | "request-timeout" | "body-timeout",
    systemError?: NodeJS.ErrnoException,
  ) {
    super(message);
    this.code = systemError?.code;
  }
}

/** The response headers as a read-only fetch Headers (all the data source reads is Content-Type). */
class ReadOnlyHeaders implements FetcherHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) yield [name, this.get(name)!];
  }
  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
  append(): void {
    throw new TypeError("response headers are read-only");
  }
  set(): void {
    throw new TypeError("response headers are read-only");
  }
  delete(): void {
    throw new TypeError("response headers are read-only");
  }
}

/** A response whose body has been read in full: text() and json() decode it, once. */
class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: FetcherHeaders;
  bodyUsed = false;

  constructor(
    readonly url: string,
    message: IncomingMessage,
    private readonly body: Buffer,
  ) {
    this.status = message.statusCode ?? 0;
    this.statusText = message.statusMessage ?? "";
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new ReadOnlyHeaders(message.headers);
  }

  private take(): Buffer {
    if (this.bodyUsed) throw new TypeError(`body used already for: ${this.url}`);
    this.bodyUsed = true;
    return this.body;
  }
  async text(): Promise<string> {
    return this.take().toString("utf8");
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.take().toString("utf8")) as unknown;
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.take();
    return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  }
  clone(): FetcherResponse {
    if (this.bodyUsed) throw new TypeError("cannot clone a response whose body was used");
    return Object.assign(Object.create(BufferedResponse.prototype) as BufferedResponse, this);
  }
}

/** One POST (or other call) over a pooled keep-alive agent, its whole body read before it resolves. */
function send(agent: http.Agent, url: string, init: FetcherRequestInit, timeoutMs: number): Promise<FetcherResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...init.headers };
    const body = init.body;
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const request = (url.startsWith("https:") ? https : http).request(url, { method: init.method ?? "GET", headers, agent });
    // As node-fetch: one timer until the answer's headers, a fresh one for its body.
    let timer = setTimeout(() => {
      request.destroy(new FetchError(`network timeout at: ${url}`, "request-timeout"));
    }, timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error instanceof FetchError ? error : new FetchError(`request to ${url} failed, reason: ${error.message}`, "system", error));
    });
    request.on("response", (message) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        message.destroy(new FetchError(`Response timeout while trying to fetch ${url} (over ${timeoutMs}ms)`, "body-timeout"));
      }, timeoutMs);
      const chunks: Buffer[] = [];
      message.on("data", (chunk: Buffer) => chunks.push(chunk));
      message.on("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(error instanceof FetchError ? error : new FetchError(`Invalid response body while trying to fetch ${url}: ${error.message}`, "system", error));
      });
      message.on("end", () => {
        clearTimeout(timer);
        resolve(new BufferedResponse(url, message, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      });
    });
    request.end(body);
  });
}

/**
 * Pooled keep-alive connections to the subgraphs over Node's own http client, each answer read into
 * one buffer. node-fetch (the client before this one) built a Request, a Headers and a body stream
 * per call and was a sixth of the gateway's CPU under the bench's load; @apollo/gateway's own client
 * (make-fetch-happen) about twice node-fetch's CPU per call (measured with SUBGRAPH_HTTP_CLIENT=default).
 * Subgraphs are ours: they neither redirect nor compress, so neither is followed or decoded here.
 */
export function keepAliveHttpClient(): SubgraphHttpClient {
  const httpAgent = new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS });
  const httpsAgent = new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS });
  return {
    fetcherWithTimeout: (timeoutMs) => (url, init) => send(url.startsWith("https:") ? httpsAgent : httpAgent, url, init ?? {}, timeoutMs),
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
