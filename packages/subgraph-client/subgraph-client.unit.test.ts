import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { verifyIdentity } from "../identity";
import { runWithLogContext } from "../logging";
import { SubgraphCallError, subgraphClient, type SubgraphClient } from ".";

const SECRET = "subgraph-client-test-secret-0123456789";
const QUERY = "query Names($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }";

/** A real HTTP server whose answers the test scripts, one per request; it records what it received. */
class ScriptedSubgraph {
  readonly received: IncomingHttpHeaders[] = [];
  answers: Array<{ status: number; body?: unknown } | "hang"> = [];
  private server!: Server;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        this.received.push(req.headers);
        const answer = this.answers.shift() ?? { status: 200, body: { data: { _entities: [] } } };
        if (answer === "hang") return;
        res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body ?? {}));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let subgraph: ScriptedSubgraph;
const clients: SubgraphClient[] = [];

function clientOf(overrides: Partial<Parameters<typeof subgraphClient>[0]> = {}): SubgraphClient {
  const client = subgraphClient({ caller: "orders", target: "products", url: subgraph.url, signingSecret: SECRET, ...overrides });
  clients.push(client);
  return client;
}

beforeEach(async () => {
  subgraph = new ScriptedSubgraph();
  await subgraph.start();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.shutdown();
  await subgraph.stop();
});

it("signs the call as the service, and carries the request id and the trace context", async () => {
  // What the OpenTelemetry SDK registers when tracing is on: context that follows async calls, W3C headers.
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  try {
    const spanContext = { traceId: "5af92f3577b34da6a3ce929d0e0e4736", spanId: "b7ad6b7169203331", traceFlags: TraceFlags.SAMPLED };
    const data = await context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), () =>
      runWithLogContext({ requestId: "req-42" }, () => clientOf().read<{ _entities: unknown[] }>(QUERY, { representations: [] })),
    );
    expect(data).toEqual({ _entities: [] });
    const headers = subgraph.received[0]!;
    expect(verifyIdentity(SECRET, headers, QUERY)).toEqual({ ok: true, caller: null });
    expect(headers["x-request-id"]).toBe("req-42");
    expect(headers.traceparent).toMatch(new RegExp(`^00-${spanContext.traceId}-[0-9a-f]{16}-01$`));
  } finally {
    propagation.disable();
    context.disable();
  }
});

it("tries again after a 503, and not after a refused query or a timeout", async () => {
  subgraph.answers = [{ status: 503 }, { status: 200, body: { data: { ok: true } } }];
  await expect(clientOf().read(QUERY, {})).resolves.toEqual({ ok: true });
  expect(subgraph.received).toHaveLength(2);

  subgraph.answers = [{ status: 400, body: { errors: [{ message: "bad" }] } }];
  await expect(clientOf().read(QUERY, {})).rejects.toMatchObject({ reason: "http_error", status: 400 });
  expect(subgraph.received).toHaveLength(3);

  subgraph.answers = ["hang"];
  await expect(clientOf({ timeoutMs: 200 }).read(QUERY, {})).rejects.toMatchObject({ reason: "timeout" });
  expect(subgraph.received).toHaveLength(4);
});

it("tries again when the connection is refused, and then says the subgraph is unreachable", async () => {
  const url = subgraph.url;
  await subgraph.stop();
  const client = subgraphClient({ caller: "orders", target: "products", url, signingSecret: SECRET, retries: 2 });
  clients.push(client);
  await expect(client.read(QUERY, {})).rejects.toMatchObject({ name: "SubgraphCallError", reason: "unreachable" });
  await subgraph.start(); // afterEach stops it again
});

it("opens its breaker after repeated failures and then refuses at once, without calling", async () => {
  const client = clientOf({ retries: 0, breaker: { errorPercent: 50, minimumCalls: 3, resetMs: 60_000 } });
  subgraph.answers = [{ status: 500 }, { status: 500 }, { status: 500 }];
  for (let n = 0; n < 3; n += 1) await expect(client.read(QUERY, {})).rejects.toMatchObject({ reason: "http_error" });
  await expect(client.read(QUERY, {})).rejects.toMatchObject({ reason: "circuit_open" });
  expect(subgraph.received).toHaveLength(3);
});

it("keeps its breaker closed when the subgraph answers with GraphQL errors: the subgraph is up", async () => {
  const client = clientOf({ retries: 0, breaker: { errorPercent: 50, minimumCalls: 3, resetMs: 60_000 } });
  subgraph.answers = Array.from({ length: 4 }, () => ({ status: 200, body: { errors: [{ message: "unknown representation" }] } }));
  for (let n = 0; n < 4; n += 1) {
    const failure = await client.read(QUERY, {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SubgraphCallError);
    expect(failure).toMatchObject({ reason: "graphql_error" });
  }
  expect(subgraph.received).toHaveLength(4);
});

it("passes on a refusal with a code as the subgraph's answer, not as a failure of the subgraph", async () => {
  const client = clientOf({ retries: 2 });
  subgraph.answers = [{ status: 400, body: { errors: [{ message: "The postal code is not valid", extensions: { code: "BAD_USER_INPUT" } }] } }];
  await expect(client.read(QUERY, {})).rejects.toMatchObject({ reason: "graphql_error", code: "BAD_USER_INPUT", detail: "The postal code is not valid", status: 400 });
  expect(subgraph.received).toHaveLength(1);
});
