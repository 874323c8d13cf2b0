import { createClient, type Client, type FormattedExecutionResult } from "graphql-ws";
import WebSocket from "ws";
import { waitFor } from "../../packages/testing";

/** How a subscription or its connection ended: completed, an operation error, or the socket closed. */
export type LiveEnd =
  | { kind: "complete" }
  | { kind: "errors"; errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> }
  | { kind: "closed"; code: number; reason: string };

/** One subscription's results as they arrive, and how it ended. */
export interface LiveFeed<T> {
  results: Array<FormattedExecutionResult<T, unknown>>;
  /** Waits (bounded) until it has ended, and says how. */
  ended(): Promise<LiveEnd>;
  /** Waits (bounded) for a result that satisfies `predicate`, and returns it. */
  waitForResult(what: string, predicate: (data: T) => boolean): Promise<T>;
  stop(): void;
}

/** The graphql-ws client a frontend would use, against the gateway's /graphql; no retries, so a refusal shows. */
export function liveClient(graphqlUrl: string, token?: string): Client {
  return createClient({
    url: graphqlUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
}

function endOf(error: unknown): LiveEnd {
  if (Array.isArray(error)) return { kind: "errors", errors: error };
  const event = error as { code?: unknown; reason?: unknown };
  if (typeof event?.code === "number") return { kind: "closed", code: event.code, reason: String(event.reason ?? "") };
  throw error;
}

export function subscribe<T>(client: Client, query: string, variables: Record<string, unknown> = {}): LiveFeed<T> {
  const results: Array<FormattedExecutionResult<T, unknown>> = [];
  let end: LiveEnd | undefined;
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => void results.push(result),
      error: (error) => void (end = endOf(error)),
      complete: () => void (end = { kind: "complete" }),
    },
  );
  const ended = () => waitFor("the subscription to end", async () => end);
  const waitForResult = (what: string, predicate: (data: T) => boolean) =>
    waitFor(what, async () => results.map((result) => result.data).find((data): data is T => data != null && predicate(data)));
  return { results, ended, waitForResult, stop: () => stop() };
}
