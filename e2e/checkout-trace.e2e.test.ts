import { setTimeout as sleep } from "node:timers/promises";
import { DOMAINS } from "../packages/config";
import { gatewayClient } from "../packages/testing";
import { DEMO_CUSTOMER_PASSWORD } from "../subgraphs/users/src/seed";
import { OtlpReceiver, type ReceivedSpan } from "./support/otlp-receiver";
import { SagaProcesses, SPEAKER } from "./support/saga-processes";

// One placeOrder is one trace without gaps: every service runs as its own process (as in production) and
// exports its spans over OTLP/HTTP to a receiver in this test, as it would to the OpenTelemetry Collector.
// The trace must cover the gateway, orders, the orders -> products call, every participant reached
// through the streams, and the PostgreSQL and Redis calls made on the way; and every span's parent must
// be in the trace too, so the trace is one tree hanging from the client's span.
jest.setTimeout(240_000);

const CLIENT_SPAN_ID = "00f067aa0ba902b7";
const TRACE_ID = "5af92f3577b34da6a3ce929d0e0e4736";
/** Each stream hop is a CONSUMER span named after the service and the message it handles. */
const STREAM_HOPS = [
  "inventory ReserveStock",
  "orders StockReserved",
  "payments ChargePayment",
  "orders PaymentCaptured",
  "shipping CreateShipment",
  "orders ShipmentCreated",
  "notifications OrderStatusChanged",
];
const SPAN_KIND = { server: 2, client: 3, consumer: 5 } as const;

const receiver = new OtlpReceiver();
const saga = new SagaProcesses();

beforeAll(async () => {
  await receiver.start();
  await saga.start({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl, OTEL_BSP_SCHEDULE_DELAY: "100" }, 200_000);
}, 240_000);

afterAll(async () => {
  await saga.close();
  await receiver.stop();
}, 60_000);

/** Waits (bounded) until the trace has every stream hop and has stopped growing for a moment. */
async function completeTrace(): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + 60_000;
  let seen = -1;
  for (;;) {
    const spans = receiver.trace(TRACE_ID);
    const names = new Set(spans.map((span) => span.name));
    if (STREAM_HOPS.every((hop) => names.has(hop)) && spans.length === seen) return spans;
    if (Date.now() > deadline) return spans;
    seen = spans.length;
    await sleep(1_000);
  }
}

it("follows one placeOrder through every service, stream hop and store, without gaps", async () => {
  const request = gatewayClient(saga.gatewayUrl);
  const login = await request<{ logIn: { token: string } }>(`mutation { logIn(email: "alice@shop.local", password: "${DEMO_CUSTOMER_PASSWORD}") { token } }`);
  const placed = await request<{ placeOrder: { id: string } }>(
    `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
    { input: { items: [{ productId: SPEAKER.id, quantity: 1 }], shippingAddress: { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" }, paymentToken: "tok_visa" } },
    { token: login.body.data!.logIn.token, headers: { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01` } },
  );
  expect(placed.body.errors).toBeUndefined();

  const spans = await completeTrace();
  const names = spans.map((span) => span.name);
  expect(names).toEqual(expect.arrayContaining(STREAM_HOPS));

  // Every service took part, the ones reached over HTTP (gateway -> orders -> products) and through streams.
  const services = new Set(spans.map((span) => span.service));
  for (const service of ["gateway", ...DOMAINS.filter((domain) => domain !== "users")]) expect(services).toContain(service);

  // orders' call to products is a CLIENT span, and the products request is its child.
  const productsCall = spans.find((span) => span.service === "orders" && span.kind === SPAN_KIND.client && span.name === "POST products");
  expect(productsCall).toBeDefined();
  expect(spans.some((span) => span.service === "products" && span.kind === SPAN_KIND.server && span.parentSpanId === productsCall!.spanId)).toBe(true);

  // Each participant commits what it handled, in a span beneath the message's, with the PostgreSQL
  // transaction (Prisma's spans) and the stream acknowledgement (an ioredis span) beneath that.
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  for (const service of ["orders", "inventory", "payments", "shipping", "notifications"]) {
    const commits = spans.filter((span) => span.service === service && span.name === `${service} commit`);
    expect(commits.length).toBeGreaterThan(0);
    for (const commit of commits) expect(byId.get(commit.parentSpanId)?.kind).toBe(SPAN_KIND.consumer);
    const beneathCommits = spans.filter((span) => commits.some((commit) => commit.spanId === span.parentSpanId)).map((span) => span.name);
    expect(beneathCommits).toEqual(expect.arrayContaining(["prisma:client:transaction", "xack"]));
  }
  expect(spans.some((span) => span.service === "products" && span.name === "prisma:client:db_query")).toBe(true);

  // No gaps: one tree, rooted at the client's span.
  const ids = new Set(spans.map((span) => span.spanId));
  const orphans = spans.filter((span) => span.parentSpanId !== CLIENT_SPAN_ID && !ids.has(span.parentSpanId));
  expect(orphans.map((span) => `${span.service} ${span.name}`)).toEqual([]);
  expect(spans.filter((span) => span.parentSpanId === CLIENT_SPAN_ID).map((span) => span.service)).toEqual(["gateway"]);
});
