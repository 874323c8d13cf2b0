import { randomUUID } from "node:crypto";
import type { Caller } from "../../../packages/identity";
import { encodeCursor } from "../../../packages/pagination";
import { postSigned, type RunningApp, serveSubgraph, type ServedSubgraph } from "../../../packages/testing";
import type { Order } from "./repositories/order-repository";
import { createPrismaClient, type OrdersPrisma } from "./repositories/prisma-client";
import { createServer } from "./server";
import { HOME, line, placeOrder } from "./test-fixtures";

let prisma: OrdersPrisma;
let app: RunningApp;
let subgraph: ServedSubgraph<OrdersPrisma>;

const alice: Caller = { userId: randomUUID(), role: "CUSTOMER" };
const bob: Caller = { userId: randomUUID(), role: "CUSTOMER" };
const stranger: Caller = { userId: randomUUID(), role: "CUSTOMER" };
const admin: Caller = { userId: randomUUID(), role: "ADMIN" };

const ALICE_ORDERS = 25;
const BOB_ORDERS = 20;
let aliceFirst: Order;
const confirmed: string[] = [];
const failed: string[] = [];

beforeAll(async () => {
  subgraph = await serveSubgraph("orders", { createPrismaClient, createServer });
  ({ prisma, app } = subgraph);

  aliceFirst = await placeOrder(prisma, alice.userId, { items: [line(1999, 2, "Mug"), line(500, 3, "Coaster")] });
  for (let n = 1; n < ALICE_ORDERS; n += 1) await placeOrder(prisma, alice.userId);
  for (let n = 0; n < BOB_ORDERS; n += 1) await placeOrder(prisma, bob.userId);
  // Ties on created_at must be broken by id: orders share an instant three by three, so pages of
  // 7 or 10 end inside a tie, and alice's and bob's orders interleave.
  const all = await prisma.order.findMany({ orderBy: { id: "asc" } });
  for (const [index, order] of all.entries()) {
    await prisma.order.update({ where: { id: order.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(index / 3) * 60_000) } });
  }
  aliceFirst = await prisma.order.findUniqueOrThrow({ where: { id: aliceFirst.id } });
  const bobs = await prisma.order.findMany({ where: { userId: bob.userId }, orderBy: { id: "asc" } });
  for (const order of bobs.slice(0, 4)) confirmed.push((await prisma.order.update({ where: { id: order.id }, data: { status: "CONFIRMED" } })).id);
  for (const order of bobs.slice(4, 7)) {
    const update = { status: "FAILED", failureCode: "PAYMENT_DECLINED", failureReason: "card declined" } as const;
    failed.push((await prisma.order.update({ where: { id: order.id }, data: update })).id);
  }
});

afterAll(async () => {
  await subgraph?.close();
});

type Errors = Array<{ message: string; extensions?: Record<string, unknown> }> | undefined;
const codeOf = (errors: Errors) => errors?.[0]?.extensions?.code;

/** Every order id newest first, as the database sorts them: the reference the pages must match. */
async function newestFirstIds(where: { userId?: string; status?: "CONFIRMED" | "FAILED" } = {}): Promise<string[]> {
  const rows = await prisma.order.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
  return rows.map((row) => row.id);
}

const ORDER_FIELDS = `
  id
  user { id }
  items { product { id } productName unitPrice { cents currency formatted } quantity subtotal { cents currency formatted } }
  total { cents currency formatted }
  status failureCode failureReason
  shippingAddress { line1 line2 city postalCode country }
  createdAt updatedAt
  events { type at detail }
  saga { status steps { name status attempts error updatedAt } }`;

interface OrderView {
  id: string;
  user: { id: string };
  items: Array<{ product: { id: string }; productName: string; unitPrice: Money; quantity: number; subtotal: Money }>;
  total: Money;
  status: string;
  failureCode: string | null;
  failureReason: string | null;
  shippingAddress: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  events: Array<{ type: string; at: string; detail: string | null }>;
  saga: { status: string; steps: Array<{ name: string; status: string; attempts: number; error: string | null; updatedAt: string }> };
}
interface Money {
  cents: number;
  currency: string;
  formatted: string;
}
interface ConnectionView {
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const ORDER = `query ($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const ORDERS = `query ($status: OrderStatus, $first: Int, $after: String) {
  orders(status: $status, first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount }
}`;
const USER_ORDERS = `query ($reps: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $reps) {
    ... on User { id orders(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }
  }
}`;
const ORDER_ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { id status } } }`;

const orderAs = (caller: Caller | null, id: string) => postSigned<{ order: OrderView | null }>(app.graphqlUrl, ORDER, { id }, caller);
const ordersAs = (caller: Caller | null, variables: Record<string, unknown> = {}) =>
  postSigned<{ orders: ConnectionView }>(app.graphqlUrl, ORDERS, variables, caller);
const userOrdersAs = (caller: Caller | null, userIds: string[], variables: Record<string, unknown> = {}) =>
  postSigned<{ _entities: Array<{ id: string; orders: ConnectionView } | null> }>(
    app.graphqlUrl,
    USER_ORDERS,
    { reps: userIds.map((id) => ({ __typename: "User", id })), ...variables },
    caller,
  );

/** Follows `after` cursors to the end, checking pageInfo on the way; returns every id seen. */
async function walk(fetchPage: (after: string | null) => Promise<ConnectionView>, expectedTotal: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const page: ConnectionView = await fetchPage(after);
    expect(page.totalCount).toBe(expectedTotal);
    seen.push(...page.edges.map((edge) => edge.node.id));
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
  throw new Error("pagination did not end");
}

describe("Query.order", () => {
  it("shows the order to its owner, with every field", async () => {
    const { body } = await orderAs(alice, aliceFirst.id);
    expect(body.errors).toBeUndefined();
    const order = body.data!.order!;
    expect(order).toMatchObject({
      id: aliceFirst.id,
      user: { id: alice.userId },
      total: { cents: 1999 * 2 + 500 * 3, currency: "USD", formatted: "$54.98" },
      status: "PENDING",
      failureCode: null,
      failureReason: null,
      shippingAddress: HOME,
      createdAt: aliceFirst.createdAt.toISOString(),
      updatedAt: aliceFirst.updatedAt.toISOString(),
    });
    expect(order.items).toEqual([
      {
        product: { id: expect.any(String) },
        productName: "Mug",
        unitPrice: { cents: 1999, currency: "USD", formatted: "$19.99" },
        quantity: 2,
        subtotal: { cents: 3998, currency: "USD", formatted: "$39.98" },
      },
      {
        product: { id: expect.any(String) },
        productName: "Coaster",
        unitPrice: { cents: 500, currency: "USD", formatted: "$5.00" },
        quantity: 3,
        subtotal: { cents: 1500, currency: "USD", formatted: "$15.00" },
      },
    ]);
    const storedItems = await prisma.orderItem.findMany({ where: { orderId: aliceFirst.id }, orderBy: { position: "asc" } });
    expect(order.items.map((item) => item.product.id)).toEqual(storedItems.map((item) => item.productId));
    expect(order.items.reduce((sum, item) => sum + item.subtotal.cents, 0)).toBe(order.total.cents);
  });

  it("starts the history with ORDER_PLACED and a RUNNING saga whose four steps are PENDING, in order", async () => {
    const { body } = await orderAs(alice, aliceFirst.id);
    const order = body.data!.order!;
    expect(order.events).toEqual([{ type: "ORDER_PLACED", at: expect.any(String), detail: null }]);
    expect(order.saga.status).toBe("RUNNING");
    expect(order.saga.steps).toEqual(
      ["RESERVE_INVENTORY", "CHARGE_PAYMENT", "CONFIRM_ORDER", "CREATE_SHIPMENT"].map((name) => ({
        name,
        status: "PENDING",
        attempts: 0,
        error: null,
        updatedAt: expect.any(String),
      })),
    );
  });

  it("lists events oldest first, in insertion order even when they share a timestamp", async () => {
    const order = await placeOrder(prisma, alice.userId);
    const placed = await prisma.orderEvent.findFirstOrThrow({ where: { orderId: order.id } });
    await prisma.orderEvent.create({ data: { orderId: order.id, type: "INVENTORY_RESERVED", at: placed.at } });
    await prisma.orderEvent.create({ data: { orderId: order.id, type: "PAYMENT_CAPTURED", detail: "pay_123", at: placed.at } });
    const { body } = await orderAs(alice, order.id);
    expect(body.data?.order?.events.map(({ type, detail }) => ({ type, detail }))).toEqual([
      { type: "ORDER_PLACED", detail: null },
      { type: "INVENTORY_RESERVED", detail: null },
      { type: "PAYMENT_CAPTURED", detail: "pay_123" },
    ]);
    await prisma.orderEvent.deleteMany({ where: { orderId: order.id } });
    await prisma.sagaStep.deleteMany({ where: { orderId: order.id } });
    await prisma.checkoutSaga.delete({ where: { orderId: order.id } });
    await prisma.orderItem.deleteMany({ where: { orderId: order.id } });
    await prisma.order.delete({ where: { id: order.id } });
  });

  it("shows failure details of a failed order", async () => {
    const { body } = await orderAs(admin, failed[0]!);
    expect(body.data?.order).toMatchObject({ status: "FAILED", failureCode: "PAYMENT_DECLINED", failureReason: "card declined" });
  });

  it("shows any order to an admin, and accepts the id in upper case", async () => {
    expect((await orderAs(admin, aliceFirst.id)).body.data?.order?.id).toBe(aliceFirst.id);
    expect((await orderAs(alice, aliceFirst.id.toUpperCase())).body.data?.order?.id).toBe(aliceFirst.id);
  });

  it.each([
    ["someone else's order", () => stranger, () => aliceFirst.id],
    ["another customer's order", () => bob, () => aliceFirst.id],
    ["an order that does not exist", () => alice, () => randomUUID()],
    ["an id that is not a UUID", () => alice, () => "42"],
  ])("answers null for %s", async (_case, caller, id) => {
    const { body } = await orderAs(caller(), id());
    expect(body.errors).toBeUndefined();
    expect(body.data?.order).toBeNull();
  });

  it("refuses anonymous callers with UNAUTHENTICATED", async () => {
    const { body } = await orderAs(null, aliceFirst.id);
    expect(codeOf(body.errors)).toBe("UNAUTHENTICATED");
    expect(body.data?.order ?? null).toBeNull();
  });
});

describe("Query.orders (admin)", () => {
  it("refuses anonymous callers with UNAUTHENTICATED and customers with FORBIDDEN", async () => {
    expect(codeOf((await ordersAs(null)).body.errors)).toBe("UNAUTHENTICATED");
    expect(codeOf((await ordersAs(alice)).body.errors)).toBe("FORBIDDEN");
  });

  it("lists every order newest first by default (20 per page) with the total count", async () => {
    const { body } = await ordersAs(admin);
    const all = await newestFirstIds();
    expect(body.data?.orders.edges.map((edge) => edge.node.id)).toEqual(all.slice(0, 20));
    expect(body.data?.orders.totalCount).toBe(ALICE_ORDERS + BOB_ORDERS);
    expect(body.data?.orders.pageInfo.hasNextPage).toBe(true);
  });

  it("walks all pages with no duplicate and no gap, ties on created_at included", async () => {
    const seen = await walk(async (after) => (await ordersAs(admin, { first: 7, after })).body.data!.orders, ALICE_ORDERS + BOB_ORDERS);
    expect(seen).toEqual(await newestFirstIds());
    expect(new Set(seen).size).toBe(ALICE_ORDERS + BOB_ORDERS);
  });

  it("filters by status, counting only the matching orders", async () => {
    const confirmedPages = await walk(async (after) => (await ordersAs(admin, { status: "CONFIRMED", first: 3, after })).body.data!.orders, 4);
    expect(confirmedPages).toEqual(await newestFirstIds({ status: "CONFIRMED" }));
    expect([...confirmedPages].sort()).toEqual([...confirmed].sort());
    const { body } = await ordersAs(admin, { status: "FAILED" });
    expect(body.data?.orders.totalCount).toBe(3);
    expect(body.data?.orders.edges.map((edge) => edge.node.id).sort()).toEqual([...failed].sort());
    expect((await ordersAs(admin, { status: "DELIVERED" })).body.data?.orders).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 0,
    });
  });

  it("answers first: 0 with no edges but says whether orders exist", async () => {
    const { body } = await ordersAs(admin, { first: 0 });
    expect(body.data?.orders).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: null }, totalCount: ALICE_ORDERS + BOB_ORDERS });
  });

  it.each([
    ["first below 0", { first: -1 }, "first"],
    ["first above 100", { first: 101 }, "first"],
    ["a cursor that is not base64 JSON", { after: "not a cursor" }, "after"],
    ["a cursor of the wrong shape", { after: encodeCursor(["x"]) }, "after"],
    ["a cursor with a bad time", { after: encodeCursor(["not-a-time", randomUUID()]) }, "after"],
  ])("refuses %s with BAD_USER_INPUT", async (_case, variables, field) => {
    const { body } = await ordersAs(admin, variables);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("accepts first: 100", async () => {
    const { body } = await ordersAs(admin, { first: 100 });
    expect(body.data?.orders.edges).toHaveLength(ALICE_ORDERS + BOB_ORDERS);
    expect(body.data?.orders.pageInfo.hasNextPage).toBe(false);
  });
});

describe("User.orders", () => {
  it("shows a user their own orders newest first, page by page", async () => {
    const seen = await walk(async (after) => {
      const { body } = await userOrdersAs(alice, [alice.userId], { first: 10, after });
      expect(body.errors).toBeUndefined();
      return body.data!._entities[0]!.orders;
    }, ALICE_ORDERS);
    expect(seen).toEqual(await newestFirstIds({ userId: alice.userId }));
  });

  it("defaults to 20 orders and shows them to an admin too", async () => {
    const { body } = await userOrdersAs(admin, [bob.userId]);
    const page = body.data!._entities[0]!.orders;
    expect(page.edges.map((edge) => edge.node.id)).toEqual((await newestFirstIds({ userId: bob.userId })).slice(0, 20));
    expect(page).toMatchObject({ totalCount: BOB_ORDERS, pageInfo: { hasNextPage: false } });
  });

  it("answers an admin's list of many users, each with their own page", async () => {
    const nobody = randomUUID();
    const { body } = await userOrdersAs(admin, [bob.userId, nobody, alice.userId, "not-a-uuid"], { first: 2 });
    const [bobs, nobodys, alices, invalid] = body.data!._entities;
    expect(bobs?.orders.edges.map((edge) => edge.node.id)).toEqual((await newestFirstIds({ userId: bob.userId })).slice(0, 2));
    expect(alices?.orders.edges.map((edge) => edge.node.id)).toEqual((await newestFirstIds({ userId: alice.userId })).slice(0, 2));
    expect([bobs?.orders.totalCount, alices?.orders.totalCount]).toEqual([BOB_ORDERS, ALICE_ORDERS]);
    const empty = { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    expect(nobodys).toEqual({ id: nobody, orders: empty });
    expect(invalid).toEqual({ id: "not-a-uuid", orders: empty });
  });

  it("refuses other customers with FORBIDDEN and anonymous callers with UNAUTHENTICATED", async () => {
    expect(codeOf((await userOrdersAs(stranger, [alice.userId])).body.errors)).toBe("FORBIDDEN");
    expect(codeOf((await userOrdersAs(null, [alice.userId])).body.errors)).toBe("UNAUTHENTICATED");
  });

  it.each([
    ["first above 100", { first: 101 }, "first"],
    ["first below 0", { first: -1 }, "first"],
    ["a bad cursor", { after: "%%%" }, "after"],
  ])("refuses %s with BAD_USER_INPUT", async (_case, variables, field) => {
    const { body } = await userOrdersAs(alice, [alice.userId], variables);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });
});

describe("Order references", () => {
  it("resolves orders the caller may see and null for the others, in the order asked", async () => {
    const bobsOrder = confirmed[0]!;
    const reps = [aliceFirst.id, bobsOrder, randomUUID(), "42"].map((id) => ({ __typename: "Order", id }));
    const asAlice = await postSigned<{ _entities: Array<{ id: string } | null> }>(app.graphqlUrl, ORDER_ENTITIES, { reps }, alice);
    expect(asAlice.body.data?._entities).toEqual([{ id: aliceFirst.id, status: "PENDING" }, null, null, null]);
    const asAdmin = await postSigned<{ _entities: Array<{ id: string } | null> }>(app.graphqlUrl, ORDER_ENTITIES, { reps }, admin);
    expect(asAdmin.body.data?._entities).toEqual([{ id: aliceFirst.id, status: "PENDING" }, { id: bobsOrder, status: "CONFIRMED" }, null, null]);
    const anonymous = await postSigned<{ _entities: Array<{ id: string } | null> }>(app.graphqlUrl, ORDER_ENTITIES, { reps });
    expect(anonymous.body.data?._entities).toEqual([null, null, null, null]);
  });
});

describe("batching", () => {
  const DETAILS = `items { product { id } productName quantity subtotal { cents } } events { type } saga { status steps { name status } }`;

  async function countQueries(query: string, variables: Record<string, unknown>, caller: Caller): Promise<number> {
    subgraph.queries.count = 0;
    const { body } = await postSigned(app.graphqlUrl, query, variables, caller);
    expect(body.errors).toBeUndefined();
    return subgraph.queries.count;
  }

  it("costs the same few SQL queries for orders(first: 5) and orders(first: 40) with items, events and saga", async () => {
    const query = `query ($first: Int) { orders(first: $first) { totalCount edges { node { id ${DETAILS} } } } }`;
    const five = await countQueries(query, { first: 5 }, admin);
    const forty = await countQueries(query, { first: 40 }, admin);
    // page (each order read with its saga, steps and events) + count + items
    expect(five).toBe(3);
    expect(forty).toBe(five);
  });

  it("resolves 5 or 40 order references with one query per table", async () => {
    const ids = await newestFirstIds();
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { id ${DETAILS} } } }`;
    const reps = (n: number) => ({ reps: ids.slice(0, n).map((id) => ({ __typename: "Order", id })) });
    const five = await countQueries(query, reps(5), admin);
    const forty = await countQueries(query, reps(40), admin);
    // orders (with their sagas, steps and events) + items
    expect(five).toBe(2);
    expect(forty).toBe(five);
  });

  it("answers User.orders for 5 or 40 users with the same number of queries", async () => {
    const query = `${USER_ORDERS.replace("totalCount }", `totalCount edges { node { items { quantity } } } }`)}`;
    const users = (n: number) => [alice.userId, bob.userId, ...Array.from({ length: n - 2 }, () => randomUUID())];
    const five = await countQueries(query, { reps: users(5).map((id) => ({ __typename: "User", id })), first: 3 }, admin);
    const forty = await countQueries(query, { reps: users(40).map((id) => ({ __typename: "User", id })), first: 3 }, admin);
    // pages (one statement for every user) + counts + items
    expect(five).toBe(3);
    expect(forty).toBe(five);
  });
});

describe("Cart references (a query plan's later step)", () => {
  it("resolves guest carts and the caller's own in one statement; another user's, unknown and malformed ids are null", async () => {
    const guest = await prisma.cart.create({ data: { postalCode: "G1" } });
    const own = await prisma.cart.create({ data: { userId: alice.userId, postalCode: "A1" } });
    const foreign = await prisma.cart.create({ data: { userId: bob.userId, postalCode: "B1" } });
    const ids = [guest.id, own.id, foreign.id, randomUUID(), "not-a-cart"];
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Cart { id postalCode } } }`;
    subgraph.queries.count = 0;
    const { body } = await postSigned<{ _entities: Array<{ id: string; postalCode: string } | null> }>(app.graphqlUrl, query, {
      reps: ids.map((id) => ({ __typename: "Cart", id })),
    }, alice);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([{ id: guest.id, postalCode: "G1" }, { id: own.id, postalCode: "A1" }, null, null, null]);
    // Prisma reads a cart with its lines: one statement per table, whatever the number of references.
    expect(subgraph.queries.count).toBeLessThanOrEqual(2);
  });
});

describe("the HTTP shell", () => {
  it("rejects calls without a valid gateway signature", async () => {
    const unsigned = await fetch(app.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ orders { totalCount } }" }),
    });
    expect(unsigned.status).toBe(401);
    const forged = await postSigned(app.graphqlUrl, "{ orders { totalCount } }", {}, admin, "not-the-secret");
    expect(forged.status).toBe(401);
  });

  it("serves /health and /ready", async () => {
    expect(await (await fetch(`${app.url}/health`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${app.url}/ready`)).json()).toEqual({ status: "ready" });
  });
});
