import type { Client } from "graphql-ws";
import { livePushes, liveRefusals, liveSubscriptions } from "../gateway/src/metrics";
import { issueAccessToken, verifyAccessToken } from "../packages/auth-token";
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import {
  gatewayClient,
  logInThrough,
  seedDemoShop,
  startSupergraph,
  TEST_SHIPPING_ADDRESS,
  TEST_TOKEN_SETTINGS,
  waitForOrder,
  type GatewayRequest,
  type RunningSupergraph,
} from "../packages/testing";
import { DEMO_CUSTOMER_PASSWORD } from "../subgraphs/users/src/seed";
import { liveClient, subscribe } from "./support/live-client";

// Live order updates end to end: real graphql-ws clients on the gateway's /graphql, the checkout saga
// over Redis streams, and the live-updates stream the orders and notifications outboxes write.
jest.setTimeout(120_000);

const MAX_CONNECTIONS = 3;
const ADMIN_PASSWORD = "admin-e2e-password";
let supergraph: RunningSupergraph;
let request: GatewayRequest;
const users = { admin: { token: "", userId: "" }, alice: { token: "", userId: "" }, bob: { token: "", userId: "" } };
const clients: Client[] = [];

/** A client for the test; every one is disposed of after each test. */
function connect(token?: string): Client {
  const client = liveClient(supergraph.gateway.graphqlUrl, token);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  supergraph = await startSupergraph(undefined, { edge: { subscriptions: { maxConnectionsPerUser: MAX_CONNECTIONS } } });
  request = gatewayClient(supergraph.gateway.graphqlUrl);
  await seedDemoShop(supergraph, { adminPassword: ADMIN_PASSWORD });
  users.admin = await logInThrough(request, "admin@shop.local", ADMIN_PASSWORD);
  users.alice = await logInThrough(request, "alice@shop.local", DEMO_CUSTOMER_PASSWORD);
  users.bob = await logInThrough(request, "bob@shop.local", DEMO_CUSTOMER_PASSWORD);
}, 120_000);

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

afterAll(async () => {
  await supergraph?.stop();
});

/** A gateway metric's value summed over the series with these labels (the gateway runs in this process). */
async function metric(counter: typeof livePushes | typeof liveRefusals | typeof liveSubscriptions, labels: Record<string, string>): Promise<number> {
  const values = (await counter.get()).values.filter((value) => Object.entries(labels).every(([key, label]) => (value.labels as Record<string, unknown>)[key] === label));
  return values.reduce((sum, value) => sum + value.value, 0);
}

const product = DEMO_PRODUCTS.find((candidate) => candidate.sku === "OD-4001")!;

async function placeOrder(token = users.alice.token): Promise<{ id: string; status: string }> {
  const { body } = await request<{ placeOrder: { id: string; status: string } }>(
    `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`,
    { input: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: TEST_SHIPPING_ADDRESS, paymentToken: "tok_visa" } },
    { token },
  );
  if (!body.data) throw new Error(`placeOrder failed: ${JSON.stringify(body.errors)}`);
  return body.data.placeOrder;
}

async function advanceShipment(orderId: string): Promise<string> {
  const { body } = await request<{ advanceShipment: { status: string } }>(
    `mutation ($orderId: ID!) { advanceShipment(orderId: $orderId) { status } }`,
    { orderId },
    { token: users.admin.token },
  );
  if (!body.data) throw new Error(`advanceShipment failed: ${JSON.stringify(body.errors)}`);
  return body.data.advanceShipment.status;
}

interface LiveOrder {
  orderUpdated: {
    id: string;
    status: string;
    payment: { status: string } | null;
    shipment: { status: string } | null;
    items: Array<{ quantity: number; product: { name: string } | null }>;
  };
}

const ORDER_UPDATED = `subscription Follow($id: ID!) {
  orderUpdated(id: $id) { id status payment { status } shipment { status } items { quantity product { name } } }
}`;
const STATUS_ONLY = `subscription ($id: ID!) { orderUpdated(id: $id) { id status } }`;
const NOTIFICATION_ADDED = `subscription { notificationAdded { id kind title order { id } } }`;

describe("orderUpdated", () => {
  it("follows an order from PENDING to DELIVERED, with payment, shipment and products, and completes", async () => {
    const placed = await placeOrder();
    expect(placed.status).toBe("PENDING");
    const pushesBefore = await metric(livePushes, { field: "orderUpdated" });
    const feed = subscribe<LiveOrder>(connect(users.alice.token), ORDER_UPDATED, { id: placed.id });
    // The first message is the order as it is at once: still PENDING, or further if the saga was quick.
    const first = await feed.waitForResult("the first message", () => true);
    expect(["PENDING", "CONFIRMED"]).toContain(first.orderUpdated.status);
    expect(first.orderUpdated.items).toEqual([{ quantity: 1, product: { name: product.name } }]);

    await feed.waitForResult("the order confirmed with its shipment", ({ orderUpdated }) => orderUpdated.status === "CONFIRMED" && orderUpdated.shipment !== null);
    expect(await advanceShipment(placed.id)).toBe("SHIPPED");
    await feed.waitForResult("the order shipped", ({ orderUpdated }) => orderUpdated.status === "SHIPPED");
    expect(await advanceShipment(placed.id)).toBe("IN_TRANSIT");
    await feed.waitForResult("the shipment in transit", ({ orderUpdated }) => orderUpdated.shipment?.status === "IN_TRANSIT");
    expect(await advanceShipment(placed.id)).toBe("DELIVERED");

    expect(await feed.ended()).toEqual({ kind: "complete" });
    const seen = feed.results.map((result) => result.data!.orderUpdated);
    expect(feed.results.every((result) => result.errors === undefined)).toBe(true);
    const statuses = seen.map((order) => order.status).filter((status, index, all) => all[index - 1] !== status);
    expect(statuses.slice(-3)).toEqual(["CONFIRMED", "SHIPPED", "DELIVERED"]);
    expect(["PENDING", "CONFIRMED"]).toContain(statuses[0]);
    expect(seen.at(-1)).toMatchObject({ status: "DELIVERED", payment: { status: "CAPTURED" }, shipment: { status: "DELIVERED" } });
    // Nothing is pushed twice in a row: changes that leave the selection as it was say nothing.
    for (let index = 1; index < seen.length; index += 1) expect(seen[index]).not.toEqual(seen[index - 1]);
    expect(await metric(livePushes, { field: "orderUpdated" })).toBe(pushesBefore + seen.length);
    expect(await metric(liveSubscriptions, { field: "orderUpdated" })).toBe(0);
  });

  it("refuses another user's order with NOT_FOUND, as order(id) does, and lets the admin follow it", async () => {
    const placed = await placeOrder();
    const bobs = subscribe<LiveOrder>(connect(users.bob.token), STATUS_ONLY, { id: placed.id });
    const refused = await bobs.ended();
    expect(refused).toMatchObject({ kind: "errors", errors: [{ message: "No such order", extensions: { code: "NOT_FOUND" } }] });
    expect(bobs.results).toEqual([]);

    const admins = subscribe<LiveOrder>(connect(users.admin.token), STATUS_ONLY, { id: placed.id });
    expect((await admins.waitForResult("the admin's first message", () => true)).orderUpdated.id).toBe(placed.id);
    const alices = connect(users.alice.token);
    // Unknown, or not even a UUID (NUL bytes, a lone surrogate, a megabyte-ish id): the same NOT_FOUND as order(id)'s null.
    for (const id of ["00000000-0000-4000-8000-000000000000", "\u0000' OR 1=1 --", "\ud800", "x".repeat(500_000)]) {
      const missing = subscribe<LiveOrder>(alices, STATUS_ONLY, { id });
      expect(await missing.ended()).toMatchObject({ kind: "errors", errors: [{ message: "No such order", extensions: { code: "NOT_FOUND" } }] });
    }
  });

  it("applies the operation limits to subscription documents", async () => {
    const placed = await placeOrder();
    const aliases = Array.from({ length: 25 }, (_, index) => `a${index}: id`).join(" ");
    const client = connect(users.alice.token);
    const tooManyAliases = subscribe<LiveOrder>(client, `subscription ($id: ID!) { orderUpdated(id: $id) { ${aliases} } }`, { id: placed.id });
    expect(await tooManyAliases.ended()).toEqual({ kind: "errors", errors: [{ message: expect.stringContaining("number of aliases"), extensions: { code: "QUERY_TOO_COMPLEX" } }] });
    const ordersOfOrders = `user { orders(first: 100) { edges { node { user { orders(first: 100) { edges { node { id } } } } } } } }`;
    const tooCostly = subscribe<LiveOrder>(client, `subscription ($id: ID!) { orderUpdated(id: $id) { ${ordersOfOrders} } }`, { id: placed.id });
    expect(await tooCostly.ended()).toEqual({ kind: "errors", errors: [{ message: expect.stringContaining("cost"), extensions: { code: "QUERY_TOO_COMPLEX" } }] });
  });
});

describe("notificationAdded", () => {
  it("tells the user of each new notification: ORDER_CONFIRMED for an order they place", async () => {
    const client = connect(users.alice.token);
    const feed = subscribe<{ notificationAdded: { id: string; kind: string; title: string; order: { id: string } | null } }>(client, NOTIFICATION_ADDED);
    // On the same connection, after it: once this answers, the connection is up and the notification subscription has begun.
    const earlier = await placeOrder();
    await subscribe<LiveOrder>(client, STATUS_ONLY, { id: earlier.id }).waitForResult("a first order message", () => true);
    const placed = await placeOrder();
    const confirmed = await feed.waitForResult("ORDER_CONFIRMED", ({ notificationAdded }) => notificationAdded.kind === "ORDER_CONFIRMED" && notificationAdded.order?.id === placed.id);
    expect(confirmed.notificationAdded).toMatchObject({ id: expect.any(String), title: expect.any(String) });
    // Each notification is pushed once.
    const ids = feed.results.map((result) => result.data!.notificationAdded.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("connections", () => {
  it("refuses an anonymous connection and a bad token with 4401", async () => {
    expect(await subscribe(connect(), NOTIFICATION_ADDED).ended()).toMatchObject({ kind: "closed", code: 4401 });
    expect(await subscribe(connect("not-a-token"), NOTIFICATION_ADDED).ended()).toMatchObject({ kind: "closed", code: 4401 });
  });

  it("closes the connection when its token expires", async () => {
    // Alice's real session, so only the expiry can refuse it.
    const shortLived = issueAccessToken({ ...TEST_TOKEN_SETTINGS, ttlSeconds: 2 }, { userId: users.alice.userId, role: "CUSTOMER", sessionId: verifyAccessToken(TEST_TOKEN_SETTINGS, users.alice.token).sessionId }).token;
    const placed = await placeOrder();
    const feed = subscribe<LiveOrder>(connect(shortLived), STATUS_ONLY, { id: placed.id });
    await feed.waitForResult("the first message", () => true);
    expect(await feed.ended()).toEqual({ kind: "closed", code: 4401, reason: expect.stringContaining("expired") });
  });

  it("closes the connection at its next answer once its session has ended (logOut)", async () => {
    const { body } = await request<{ logIn: { token: string; refreshToken: string } }>(
      `mutation ($email: String!, $password: String!) { logIn(email: $email, password: $password) { token refreshToken } }`,
      { email: "alice@shop.local", password: DEMO_CUSTOMER_PASSWORD },
    );
    const session = body.data!.logIn;
    const placed = await placeOrder(session.token);
    await waitForOrder(request, placed.id, { token: session.token, until: (order) => order.status === "CONFIRMED" });
    const feed = subscribe<LiveOrder>(connect(session.token), STATUS_ONLY, { id: placed.id });
    await feed.waitForResult("the first message", () => true);
    const out = await request<{ logOut: boolean }>(`mutation ($refreshToken: String!) { logOut(refreshToken: $refreshToken) }`, { refreshToken: session.refreshToken }, { token: session.token });
    expect(out.body.data?.logOut).toBe(true);
    // The next change is not answered: the connection is closed instead.
    expect(await advanceShipment(placed.id)).toBe("SHIPPED");
    expect(await feed.ended()).toEqual({ kind: "closed", code: 4401, reason: expect.stringContaining("session has ended") });
    expect(feed.results.map((result) => result.data?.orderUpdated.status)).not.toContain("SHIPPED");
  });

  it(`allows ${MAX_CONNECTIONS} connections per user and refuses one more with 4429`, async () => {
    const placed = await placeOrder(users.bob.token);
    await waitForOrder(request, placed.id, { token: users.bob.token, until: (order) => order.status !== "PENDING" });
    const open = Array.from({ length: MAX_CONNECTIONS }, () => connect(users.bob.token));
    for (const client of open) await subscribe<LiveOrder>(client, STATUS_ONLY, { id: placed.id }).waitForResult("a first message", () => true);
    const refusalsBefore = await metric(liveRefusals, { reason: "connection_limit" });
    const refused = await subscribe(connect(users.bob.token), STATUS_ONLY, { id: placed.id }).ended();
    expect(await metric(liveRefusals, { reason: "connection_limit" })).toBe(refusalsBefore + 1);
    expect(refused).toEqual({ kind: "closed", code: 4429, reason: `Too many connections: at most ${MAX_CONNECTIONS} per user` });
    // Another user is not counted with bob; and once one of bob's closes, he may connect again.
    await subscribe<LiveOrder>(connect(users.alice.token), NOTIFICATION_ADDED);
    await open[0]!.dispose();
    const again = subscribe<LiveOrder>(connect(users.bob.token), STATUS_ONLY, { id: placed.id });
    expect((await again.waitForResult("a first message again", () => true)).orderUpdated.id).toBe(placed.id);
  });

  it("answers a subscription sent over HTTP with a clear error", async () => {
    const { status, body } = await request(STATUS_ONLY, { id: "00000000-0000-4000-8000-000000000000" }, { token: users.alice.token });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining("graphql-ws"), extensions: { code: "BAD_REQUEST" } });
  });
});
