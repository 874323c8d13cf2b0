import { tracing } from "@opentelemetry/sdk-node";
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import { gatewayClient, startSupergraph, type RunningSupergraph, seedDemoShop } from "../packages/testing";
import { startTracing, type Tracing } from "../packages/tracing";
import { DEMO_CUSTOMER_PASSWORD } from "../subgraphs/users/src/seed";

// One placeOrder is one trace: the client's trace context goes through the gateway into orders, and
// from there through the saga's stream messages into every participant's consumer span.
jest.setTimeout(120_000);

const exporter = new tracing.InMemorySpanExporter();
let tracer: Tracing;
let supergraph: RunningSupergraph;

beforeAll(async () => {
  tracer = startTracing("saga-trace-test", { tracesUrl: null }, exporter);
  supergraph = await startSupergraph();
  await seedDemoShop(supergraph);
}, 120_000);

afterAll(async () => {
  await supergraph?.stop();
  await tracer?.shutdown();
});

it("carries the client's trace from placeOrder through every step of the saga", async () => {
  const request = gatewayClient(supergraph.gateway.graphqlUrl);
  const login = await request<{ logIn: { token: string } }>(`mutation { logIn(email: "alice@shop.local", password: "${DEMO_CUSTOMER_PASSWORD}") { token } }`);
  const token = login.body.data!.logIn.token;
  const traceId = "5af92f3577b34da6a3ce929d0e0e4736";
  const earbuds = DEMO_PRODUCTS.find((product) => product.sku === "EL-1001")!;
  const placed = await request<{ placeOrder: { id: string } }>(
    `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
    { input: { items: [{ productId: earbuds.id, quantity: 1 }], shippingAddress: { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" }, paymentToken: "tok_visa" } },
    { token, headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } },
  );
  expect(placed.body.errors).toBeUndefined();
  const wanted = ["inventory ReserveStock", "orders StockReserved", "payments ChargePayment", "orders PaymentCaptured", "shipping CreateShipment", "orders ShipmentCreated", "notifications OrderStatusChanged"];
  const deadline = Date.now() + 30_000;
  let names: string[] = [];
  while (!wanted.every((name) => names.includes(name)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await tracer.flush();
    names = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId).map((span) => span.name);
  }
  expect(names).toEqual(expect.arrayContaining(wanted));
});
