import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SpanKind, trace } from "@opentelemetry/api";
import { tracing } from "@opentelemetry/sdk-node";
import Redis from "ioredis";
import { DEFAULT_REDIS_URL } from "../packages/config";
import { closeServer } from "../packages/subgraph-host";
import {
  freePort,
  gatewayClient,
  spawnService,
  TEST_SIGNING_SECRET,
  waitForOk,
  type GatewayRequest,
  type RunningGateway,
} from "../packages/testing";
import { injectTraceContext, inSpanFromCarrier, startTracing, type Tracing } from "../packages/tracing";
import { logCapture, startEdgeFixture, type EdgeFixture } from "./support/edge-fixture";

// Correlation ids, structured logs, Prometheus metrics and OpenTelemetry traces across the gateway and
// the subgraphs it calls (two small subgraphs on the shared subgraph host).
let redis: Redis;
let fixture: EdgeFixture;
let gateway: RunningGateway;
let request: GatewayRequest;
const gatewayLogs = logCapture("gateway");

beforeAll(async () => {
  redis = new Redis(process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL, { maxRetriesPerRequest: 1 });
  fixture = await startEdgeFixture();
  gateway = await fixture.startGateway(redis, { rateLimits: { enabled: false }, subgraphCalls: { retries: 0 } }, gatewayLogs.logger);
  request = gatewayClient(gateway.gateway.graphqlUrl);
});

afterAll(async () => {
  await fixture?.stop();
  redis?.disconnect();
});

describe("correlation ids", () => {
  it("forwards the request's id to the subgraphs, whose log lines carry it", async () => {
    const { headers } = await request("query WhoAmI { me { id } }", {}, { headers: { "x-request-id": "corr-observability-1" } });
    expect(headers.get("x-request-id")).toBe("corr-observability-1");
    expect(fixture.accounts.control.lastHeaders["x-request-id"]).toBe("corr-observability-1");
    expect(fixture.accounts.logs).toContainEqual(expect.objectContaining({ service: "accounts", msg: "resolving me", requestId: "corr-observability-1" }));
  });

  it("logs what a client is not shown under the same id, as JSON", async () => {
    fixture.catalog.control.failNext = 1;
    const { body, headers } = await request("{ products(first: 1) { totalCount } }");
    const requestId = headers.get("x-request-id");
    expect(body.errors?.[0]).toEqual({ message: "Internal server error", path: ["products"], extensions: { code: "INTERNAL_SERVER_ERROR", requestId } });
    expect(gatewayLogs.logs).toContainEqual(
      expect.objectContaining({ service: "gateway", level: 50, requestId, msg: expect.stringContaining("subgraph catalog answered HTTP 503") }),
    );
  });
});

describe("Prometheus metrics", () => {
  it("serves the gateway's on its own listener: requests by operation, subgraph calls", async () => {
    await request("query WhoAmI { me { id } }");
    const text = await (await fetch(`${gateway.metrics.url}/metrics`)).text();
    expect(text).toMatch(/graphql_requests_total\{service="gateway",operation="WhoAmI",kind="query",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/graphql_request_duration_seconds_count\{service="gateway",operation="WhoAmI",kind="query"\} [1-9]/);
    expect(text).toMatch(/gateway_subgraph_fetches_total\{service="gateway",subgraph="accounts",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/gateway_subgraph_fetch_duration_seconds_count\{service="gateway",subgraph="accounts"\} [1-9]/);
    expect((await fetch(`${gateway.gateway.url}/metrics`)).status).toBe(404);
  });

  it("serves each subgraph's on the subgraph's /metrics", async () => {
    const response = await fetch(`${fixture.accounts.app.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/text\/plain/);
    expect(await response.text()).toMatch(/graphql_requests_total\{service="accounts",operation="WhoAmI__accounts__0",kind="query",outcome="ok"\} [1-9]/);
  });
});

describe("OpenTelemetry traces", () => {
  const exporter = new tracing.InMemorySpanExporter();
  let tracer: Tracing;

  beforeAll(async () => {
    // Before tracing starts, nothing is propagated.
    await request("{ me { id } }");
    expect(fixture.accounts.control.lastHeaders.traceparent).toBeUndefined();
    tracer = startTracing("observability-test", { tracesUrl: null }, exporter);
  });

  afterAll(async () => tracer?.shutdown());

  async function finishedSpans() {
    await tracer.flush();
    return exporter.getFinishedSpans().map((span) => ({
      scope: span.instrumentationScope.name,
      name: span.name,
      kind: span.kind,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      attributes: span.attributes,
    }));
  }

  it("continues the client's trace through the gateway into each subgraph", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    await request("query Traced { me { id } products(first: 1) { totalCount } }", {}, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const inTrace = (await finishedSpans()).filter((span) => span.traceId === traceId);
    const gatewayServer = inTrace.find((span) => span.scope === "gateway" && span.kind === SpanKind.SERVER);
    expect(gatewayServer?.parentSpanId).toBe("00f067aa0ba902b7");
    for (const subgraph of ["accounts", "catalog"]) {
      const server = inTrace.find((span) => span.scope === subgraph && span.kind === SpanKind.SERVER);
      // The subgraph's span is a child of the gateway's fetch to it: the context went over HTTP.
      expect(inTrace.find((span) => span.spanId === server?.parentSpanId)).toMatchObject({ name: "gateway.fetch", attributes: { service: subgraph } });
    }
    expect(String(fixture.catalog.control.lastHeaders.traceparent)).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it("carries trace context through a plain string map, as stream messages do", async () => {
    const produced = await trace.getTracer("observability-test").startActiveSpan("placeOrder", async (span) => {
      const headers = injectTraceContext<Record<string, string>>({ correlationId: "order-1" });
      span.end();
      return { headers, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
    });
    expect(produced.headers).toEqual({ correlationId: "order-1", traceparent: `00-${produced.traceId}-${produced.spanId}-01` });
    await inSpanFromCarrier("inventory.reserve", produced.headers, async () => {});
    expect((await finishedSpans()).find((span) => span.name === "inventory.reserve")).toMatchObject({
      traceId: produced.traceId,
      parentSpanId: produced.spanId,
      kind: SpanKind.CONSUMER,
    });
  });
});

describe("OTLP export from a gateway process", () => {
  it("posts the gateway's spans to OTEL_EXPORTER_OTLP_ENDPOINT and sends their context to the subgraphs", async () => {
    const received: string[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push(`${req.url} ${Buffer.concat(chunks).toString("utf8")}`);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const port = await freePort();
    const process_ = spawnService("gateway/src/index.ts", {
      ...process.env,
      NODE_ENV: "development",
      LOG_LEVEL: "warn",
      GATEWAY_PORT: String(port),
      METRICS_PORT: "0",
      SUPERGRAPH_PATH: fixture.supergraph.path,
      GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
      RATE_LIMITS_ENABLED: "false",
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
    });
    try {
      await waitForOk(`http://127.0.0.1:${port}/health`);
      const traceId = "0af7651916cd43dd8448eb211c80319c";
      const { body } = await gatewayClient(`http://127.0.0.1:${port}/graphql`)("{ me { id } }", {}, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
      expect(body.data).toEqual({ me: { id: "anonymous" } });
      expect(String(fixture.accounts.control.lastHeaders.traceparent)).toMatch(new RegExp(`^00-${traceId}-`));
    } finally {
      await process_.stop(); // a clean stop flushes the spans
      await closeServer(collector);
    }
    const exported = received.filter((line) => line.startsWith("/v1/traces "));
    expect(exported.join("\n")).toContain('"stringValue":"gateway"');
    expect(exported.join("\n")).toContain("0af7651916cd43dd8448eb211c80319c");
  });
});
