import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import { DOMAINS, type Domain } from "../packages/config";
import { SUPERGRAPH_SDL_PATH } from "../packages/schema-tools";
import {
  gatewayClient,
  logInThrough,
  seedDemoShop,
  startGateway,
  startSupergraph,
  TEST_SHIPPING_ADDRESS,
  type GatewayRequest,
  type RunningGateway,
  type RunningSupergraph,
} from "../packages/testing";
import { entityRepresentations } from "../gateway/src/metrics";
import { DEMO_CUSTOMER_PASSWORD } from "../subgraphs/users/src/seed";

// Entity fetches through the real gateway, counted where the subgraphs receive them: a recording
// proxy sits in front of users, products and shipping. The same query goes through a gateway that
// sends each distinct representation once and one that sends one per occurrence (as @apollo/gateway
// does by itself); the answers must be the same, the representations sent no more than the distinct ones.

type Representation = Record<string, unknown>;
type CannedAnswer = { status: number; body: unknown };

interface RecordingProxy {
  graphqlUrl: string;
  /** The representations of each _entities call received, in order. */
  entityCalls: Representation[][];
  /** Answers instead of the subgraph when it returns something. */
  answer: ((representations: Representation[]) => CannedAnswer | undefined) | undefined;
  close(): Promise<void>;
}

const FORWARDED_HEADERS_DROPPED = new Set(["host", "content-length", "connection", "transfer-encoding"]);

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name, value]) => value !== undefined && !FORWARDED_HEADERS_DROPPED.has(name))
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)]),
  );
}

async function recordingProxy(target: string): Promise<RecordingProxy> {
  const proxy: Omit<RecordingProxy, "graphqlUrl" | "close"> = { entityCalls: [], answer: undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        const body = JSON.parse(raw.toString("utf8") || "{}") as { variables?: { representations?: unknown } };
        const representations = body.variables?.representations;
        if (Array.isArray(representations)) proxy.entityCalls.push(representations as Representation[]);
        const canned = Array.isArray(representations) ? proxy.answer?.(representations as Representation[]) : undefined;
        if (canned) {
          res.writeHead(canned.status, { "content-type": "application/json" }).end(JSON.stringify(canned.body));
          return;
        }
        const upstream = await fetch(target, { method: req.method ?? "POST", headers: forwardedHeaders(req.headers), body: raw });
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      })().catch((error: unknown) => res.writeHead(502).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  });
}

const RUNNING: readonly Domain[] = ["users", "products", "orders", "shipping"];
const PROXIED = ["users", "products", "shipping"] as const;
type Proxied = (typeof PROXIED)[number];

let supergraph: RunningSupergraph;
const proxies = {} as Record<Proxied, RecordingProxy>;
const gateways = {} as Record<"deduped" | "perOccurrence", RunningGateway>;
let adminToken = "";

// Five orders by two customers over three products: eight order lines.
const [first, second, third] = DEMO_PRODUCTS;
const ORDERS: Array<{ customer: "alice" | "bob"; lines: Array<[typeof first, number]> }> = [
  { customer: "alice", lines: [[first, 1], [second, 2]] },
  { customer: "alice", lines: [[first, 3]] },
  { customer: "bob", lines: [[second, 1], [first, 1]] },
  { customer: "alice", lines: [[third, 1]] },
  { customer: "bob", lines: [[first, 2], [third, 1]] },
];
const ORDER_LINES = ORDERS.reduce((sum, order) => sum + order.lines.length, 0);

const ORDERS_WITH_PRODUCTS = `{ orders(first: 20) { totalCount edges { node {
  id user { email name }
  items { quantity productName product { id name weightGrams price { cents } shippingEstimate(postalCode: "12345") { cents formatted } } }
} } } }`;

beforeAll(async () => {
  supergraph = await startSupergraph(RUNNING);
  const request = gatewayClient(supergraph.gateway.graphqlUrl);
  await seedDemoShop(supergraph, { adminPassword: "admin-e2e-password", stock: false });
  adminToken = (await logInThrough(request, "admin@shop.local", "admin-e2e-password")).token;
  const tokens = {
    alice: (await logInThrough(request, "alice@shop.local", DEMO_CUSTOMER_PASSWORD)).token,
    bob: (await logInThrough(request, "bob@shop.local", DEMO_CUSTOMER_PASSWORD)).token,
  };
  for (const order of ORDERS) {
    const items = order.lines.map(([product, quantity]) => ({ productId: product!.id, quantity }));
    const { body } = await request(`mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`, {
      input: { items, shippingAddress: TEST_SHIPPING_ADDRESS, paymentToken: "tok_visa" },
    }, { token: tokens[order.customer] });
    expect(body.errors).toBeUndefined();
  }
  for (const name of PROXIED) proxies[name] = await recordingProxy(supergraph.subgraphs[name]!.app.graphqlUrl);
  const subgraphUrlOverrides = Object.fromEntries(
    DOMAINS.map((domain) => [
      domain,
      (PROXIED as readonly string[]).includes(domain)
        ? proxies[domain as Proxied].graphqlUrl
        : (supergraph.subgraphs[domain]?.app.graphqlUrl ?? "http://127.0.0.1:9/graphql"),
    ]),
  );
  const gatewayWith = (dedupeRepresentations: boolean) =>
    startGateway({
      supergraphPath: SUPERGRAPH_SDL_PATH,
      subgraphUrlOverrides,
      redis: supergraph.redis,
      edge: { rateLimits: { enabled: false }, subgraphCalls: { dedupeRepresentations, retries: 0 } },
    });
  gateways.deduped = await gatewayWith(true);
  gateways.perOccurrence = await gatewayWith(false);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(Object.values(gateways).map((gateway) => gateway.stop()));
  await Promise.allSettled(Object.values(proxies).map((proxy) => proxy.close()));
  await supergraph?.stop();
});

afterEach(() => {
  for (const proxy of Object.values(proxies)) proxy.answer = undefined;
});

const keyOf = (representation: Representation) => JSON.stringify(Object.entries(representation).sort(([a], [b]) => a.localeCompare(b)));

interface Sent {
  body: { data?: unknown; errors?: Array<{ path?: unknown[]; extensions?: Record<string, unknown> }> };
  /** Per proxied subgraph: representations received in _entities calls, and how many of them were distinct. */
  received: Record<Proxied, { calls: number; representations: number; distinct: number; duplicatedWithinACall: boolean }>;
}

async function send(gateway: RunningGateway, query: string): Promise<Sent> {
  for (const proxy of Object.values(proxies)) proxy.entityCalls = [];
  const request: GatewayRequest = gatewayClient(gateway.gateway.graphqlUrl);
  const { body } = await request(query, {}, { token: adminToken });
  const received = Object.fromEntries(
    PROXIED.map((name) => {
      const calls = proxies[name].entityCalls;
      const all = calls.flat();
      const duplicatedWithinACall = calls.some((call) => new Set(call.map(keyOf)).size !== call.length);
      return [name, { calls: calls.length, representations: all.length, distinct: new Set(all.map(keyOf)).size, duplicatedWithinACall }];
    }),
  ) as Sent["received"];
  return { body: body as Sent["body"], received };
}

/** The answer without the request ids that masked errors carry (each request has its own). */
function withoutRequestIds(body: Sent["body"]): Sent["body"] {
  return JSON.parse(JSON.stringify(body, (key, value: unknown) => (key === "requestId" ? undefined : value))) as Sent["body"];
}

async function representationCounts(subgraph: Proxied): Promise<{ planned: number; sent: number }> {
  const { values } = await entityRepresentations.get();
  const value = (kind: string) => values.find((entry) => entry.labels.subgraph === subgraph && entry.labels.kind === kind)?.value ?? 0;
  return { planned: value("planned"), sent: value("sent") };
}

describe("entity representations sent to subgraphs", () => {
  it("sends each distinct entity once, and answers exactly as one representation per occurrence does", async () => {
    const perOccurrence = await send(gateways.perOccurrence, ORDERS_WITH_PRODUCTS);
    expect(perOccurrence.body.errors).toBeUndefined();
    // Without deduplication: one representation per order (user) and per order line (product, shipping).
    expect(perOccurrence.received.users).toMatchObject({ calls: 1, representations: ORDERS.length, distinct: 2 });
    expect(perOccurrence.received.products).toMatchObject({ calls: 1, representations: ORDER_LINES, distinct: 3 });
    expect(perOccurrence.received.shipping).toMatchObject({ calls: 1, representations: ORDER_LINES, distinct: 3 });

    const before = { users: await representationCounts("users"), products: await representationCounts("products") };
    const deduped = await send(gateways.deduped, ORDERS_WITH_PRODUCTS);
    expect(deduped.body).toEqual(perOccurrence.body);
    for (const name of PROXIED) {
      const received = deduped.received[name];
      expect(received.duplicatedWithinACall).toBe(false);
      expect(received.representations).toBe(received.distinct);
      expect(received.calls).toBe(perOccurrence.received[name].calls);
    }
    expect(deduped.received.users).toMatchObject({ representations: 2 });
    expect(deduped.received.products).toMatchObject({ representations: 3 });
    expect(deduped.received.shipping).toMatchObject({ representations: 3 });

    // gateway_entity_representations_total counts both sides of it.
    const after = { users: await representationCounts("users"), products: await representationCounts("products") };
    expect(after.users.planned - before.users.planned).toBe(ORDERS.length);
    expect(after.users.sent - before.users.sent).toBe(2);
    expect(after.products.planned - before.products.planned).toBe(ORDER_LINES);
    expect(after.products.sent - before.products.sent).toBe(3);
  });

  it("puts a subgraph's error about one entity at every occurrence of it, as it would have been without deduplication", async () => {
    proxies.shipping.answer = (representations) => ({
      status: 200,
      body: {
        data: { _entities: representations.map(() => ({ shippingEstimate: null })) },
        errors: representations.map((representation, index) => ({
          message: `no rate for ${String(representation.id)}`,
          path: ["_entities", index, "shippingEstimate"],
          extensions: { code: "NOT_FOUND" },
        })),
      },
    });
    const perOccurrence = await send(gateways.perOccurrence, ORDERS_WITH_PRODUCTS);
    const deduped = await send(gateways.deduped, ORDERS_WITH_PRODUCTS);
    expect(perOccurrence.body.errors).toHaveLength(ORDER_LINES);
    expect(deduped.received.shipping.representations).toBe(3);
    expect(withoutRequestIds(deduped.body)).toEqual(withoutRequestIds(perOccurrence.body));
  });

  it("answers a failed entity fetch with an error at each occurrence's path, as before", async () => {
    proxies.shipping.answer = () => ({ status: 500, body: { message: "down" } });
    const perOccurrence = await send(gateways.perOccurrence, ORDERS_WITH_PRODUCTS);
    const deduped = await send(gateways.deduped, ORDERS_WITH_PRODUCTS);
    const paths = (sent: Sent) => (sent.body.errors ?? []).map((error) => error.path);
    expect(paths(perOccurrence)).toHaveLength(ORDER_LINES);
    expect(paths(deduped)).toEqual(paths(perOccurrence));
    expect(withoutRequestIds(deduped.body)).toEqual(withoutRequestIds(perOccurrence.body));
  });
});
