import { randomUUID } from "node:crypto";
import type { Caller } from "../../../packages/identity";
import { postSigned, type RunningApp, serveSubgraph, type ServedSubgraph } from "../../../packages/testing";
import { createPrismaClient, type ShippingPrisma } from "./repositories/prisma-client";
import { createShipment, createShipmentRepository, type ShipmentAddress, type ShipmentRepository } from "./repositories/shipment-repository";
import { createServer } from "./server";

let prisma: ShippingPrisma;
let shipments: ShipmentRepository;
let app: RunningApp;
let subgraph: ServedSubgraph<ShippingPrisma>;

beforeAll(async () => {
  subgraph = await serveSubgraph("shipping", { createPrismaClient, createServer });
  ({ prisma, app } = subgraph);
  shipments = createShipmentRepository(prisma);
});

afterAll(async () => {
  await subgraph?.close();
});

const address: ShipmentAddress = { line1: "1 Main Street", line2: "Flat 2", city: "Springfield", postalCode: "10001", country: "US" };

interface MoneyView {
  cents: number;
  currency: string;
  formatted: string;
}
interface ShipmentView {
  id: string;
  status: string;
  carrier: string | null;
  trackingNumber: string | null;
  estimatedDelivery: string | null;
  address: ShipmentAddress;
}

const ESTIMATES = `query ($reps: [_Any!]!, $postalCode: String) {
  _entities(representations: $reps) { ... on Product { id shippingEstimate(postalCode: $postalCode) { cents currency formatted } } }
}`;
const SHIPMENT_FIELDS = `id status carrier trackingNumber estimatedDelivery address { line1 line2 city postalCode country }`;
const ORDER_SHIPMENTS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { id shipment { ${SHIPMENT_FIELDS} } } } }`;
const SHIPMENTS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Shipment { ${SHIPMENT_FIELDS} } } }`;

function estimates(products: Array<{ id: string; weightGrams: number }>, postalCode?: string | null) {
  return postSigned<{ _entities: Array<{ id: string; shippingEstimate: MoneyView }> }>(app.graphqlUrl, ESTIMATES, {
    reps: products.map((product) => ({ __typename: "Product", ...product })),
    postalCode,
  });
}

function orderShipments(orderIds: string[]) {
  return postSigned<{ _entities: Array<{ id: string; shipment: ShipmentView | null }> }>(app.graphqlUrl, ORDER_SHIPMENTS, {
    reps: orderIds.map((id) => ({ __typename: "Order", id })),
  });
}

describe("Product.shippingEstimate", () => {
  it("prices each product from the weightGrams in its representation, without touching the database", async () => {
    const light = { id: randomUUID(), weightGrams: 200 };
    const medium = { id: randomUUID(), weightGrams: 1200 };
    const heavy = { id: randomUUID(), weightGrams: 25_500 };
    subgraph.queries.count = 0;
    const { body } = await estimates([light, medium, heavy], "10001");
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { id: light.id, shippingEstimate: { cents: 399, currency: "USD", formatted: "$3.99" } },
      { id: medium.id, shippingEstimate: { cents: 899, currency: "USD", formatted: "$8.99" } },
      { id: heavy.id, shippingEstimate: { cents: 3899, currency: "USD", formatted: "$38.99" } },
    ]);
    expect(subgraph.queries.count).toBe(0);
  });

  it.each([
    ["a remote postal code", "99501", 1899],
    ["a remote postal code in lower case with a space", "ze1 0aa", 1899],
    ["no postal code", null, 899],
    ["an omitted postal code", undefined, 899],
  ])("prices %s", async (_case, postalCode, cents) => {
    const { body } = await estimates([{ id: randomUUID(), weightGrams: 1200 }], postalCode);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities[0]?.shippingEstimate.cents).toBe(cents);
  });

  it.each(["1", "12345678901", "10001; DROP", "<b>", "  "])("refuses the postal code %p with BAD_USER_INPUT", async (postalCode) => {
    const { body } = await estimates([{ id: randomUUID(), weightGrams: 1200 }], postalCode);
    expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "postalCode" });
  });
});

describe("Cart.shippingCost", () => {
  const CART_COSTS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Cart { id shippingCost { cents currency } } } }`;
  const cartCosts = (carts: Array<{ id: string; weightGrams: number; postalCode: string | null; itemCount: number }>) =>
    postSigned<{ _entities: Array<{ id: string; shippingCost: MoneyView | null }> }>(app.graphqlUrl, CART_COSTS, {
      reps: carts.map((cart) => ({ __typename: "Cart", ...cart })),
    });

  it("prices the cart's whole weight as one parcel; null without a postal code or without items", async () => {
    const { body } = await cartCosts([
      { id: "a", weightGrams: 2_820, postalCode: "12345", itemCount: 3 },
      { id: "b", weightGrams: 2_820, postalCode: "99501", itemCount: 3 },
      { id: "c", weightGrams: 2_820, postalCode: null, itemCount: 3 },
      { id: "d", weightGrams: 0, postalCode: "12345", itemCount: 0 },
    ]);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { id: "a", shippingCost: { cents: 1299, currency: "USD" } },
      { id: "b", shippingCost: { cents: 2699, currency: "USD" } },
      { id: "c", shippingCost: null },
      { id: "d", shippingCost: null },
    ]);
  });

  it("refuses a postal code the rules do not take, with BAD_USER_INPUT", async () => {
    const { body } = await cartCosts([{ id: "a", weightGrams: 100, postalCode: "<b>", itemCount: 1 }]);
    expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "postalCode" });
  });
});

describe("Order.shipment and Shipment references", () => {
  it("answers null for an order without a shipment, and for an id that cannot be an order", async () => {
    const orderId = randomUUID();
    const { body } = await orderShipments([orderId, "order-1"]);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { id: orderId, shipment: null },
      { id: "order-1", shipment: null },
    ]);
  });

  it("answers an order's shipment with its address, status and tracking", async () => {
    const orderId = randomUUID();
    const created = await shipments.createShipment({ orderId, address });
    const estimatedDelivery = new Date("2026-12-01T12:00:00.000Z");
    await prisma.shipment.update({ where: { id: created.id }, data: { status: "SHIPPED", carrier: "UPS", trackingNumber: "1Z999", estimatedDelivery } });
    const { body } = await orderShipments([orderId]);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities[0]).toEqual({
      id: orderId,
      shipment: { id: created.id, status: "SHIPPED", carrier: "UPS", trackingNumber: "1Z999", estimatedDelivery: estimatedDelivery.toISOString(), address },
    });
  });

  it("resolves Shipment references by id; an unknown id is null", async () => {
    const created = await shipments.createShipment({ orderId: randomUUID(), address: { ...address, line2: null } });
    const { body } = await postSigned<{ _entities: Array<ShipmentView | null> }>(app.graphqlUrl, SHIPMENTS, {
      reps: [created.id, randomUUID(), "nope"].map((id) => ({ __typename: "Shipment", id })),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { id: created.id, status: "PENDING", carrier: null, trackingNumber: null, estimatedDelivery: null, address: { ...address, line2: null } },
      null,
      null,
    ]);
  });

  it.each([5, 40])("answers %d orders' shipments with one SQL query", async (count) => {
    const orderIds = Array.from({ length: count }, () => randomUUID());
    for (const orderId of orderIds.filter((_id, index) => index % 3 === 0)) await shipments.createShipment({ orderId, address });
    subgraph.queries.count = 0;
    const { body } = await orderShipments(orderIds);
    expect(body.data?._entities.map((order) => order.shipment !== null)).toEqual(orderIds.map((_id, index) => index % 3 === 0));
    expect(subgraph.queries.count).toBe(1);
  });

  it("resolves 40 Shipment references with one SQL query", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 40; n += 1) ids.push((await shipments.createShipment({ orderId: randomUUID(), address })).id);
    subgraph.queries.count = 0;
    const { body } = await postSigned<{ _entities: ShipmentView[] }>(app.graphqlUrl, SHIPMENTS, { reps: ids.map((id) => ({ __typename: "Shipment", id })) });
    expect(body.data?._entities.map((shipment) => shipment.id)).toEqual(ids);
    expect(subgraph.queries.count).toBe(1);
  });
});

describe("createShipment", () => {
  it("is idempotent on the order: a repeat returns the first shipment and keeps its address", async () => {
    const orderId = randomUUID();
    const first = await shipments.createShipment({ orderId, address });
    const again = await shipments.createShipment({ orderId, address: { ...address, line1: "2 Other Road" } });
    expect(again).toEqual(first);
    expect(await prisma.shipment.findUnique({ where: { id: first.id } })).toMatchObject({ orderId, status: "PENDING", line1: "1 Main Street" });
    expect(await prisma.shipment.count({ where: { orderId } })).toBe(1);
  });

  it("creates one shipment when deliveries of the same command race", async () => {
    const orderId = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => shipments.createShipment({ orderId, address })));
    expect(new Set(results.map((shipment) => shipment.id)).size).toBe(1);
    expect(await prisma.shipment.count({ where: { orderId } })).toBe(1);
  });

  it("is backed by the unique order_id: a second row for one order is refused by the database", async () => {
    const orderId = randomUUID();
    await shipments.createShipment({ orderId, address });
    await expect(prisma.shipment.create({ data: { orderId, ...address } })).rejects.toThrow();
    expect(await prisma.shipment.count({ where: { orderId } })).toBe(1);
  });

  it("works inside a transaction, also when the shipment exists (the saga creates it inside handleOnce's transaction)", async () => {
    const orderId = randomUUID();
    const estimatedDelivery = new Date("2026-12-24T09:00:00.000Z");
    const first = await prisma.$transaction((tx) => createShipment(tx, { orderId, address, estimatedDelivery }));
    const again = await prisma.$transaction((tx) => createShipment(tx, { orderId, address: { ...address, city: "Elsewhere" } }));
    expect(again).toEqual(first);
    expect(await prisma.shipment.findUnique({ where: { id: first.id } })).toMatchObject({ status: "PENDING", city: "Springfield", estimatedDelivery });
  });
});

describe("Mutation.advanceShipment", () => {
  const admin: Caller = { userId: randomUUID(), role: "ADMIN" };
  const customer: Caller = { userId: randomUUID(), role: "CUSTOMER" };
  const ADVANCE = `mutation ($orderId: ID!) { advanceShipment(orderId: $orderId) { ${SHIPMENT_FIELDS} } }`;

  function advance(orderId: string, caller: Caller | null = admin) {
    return postSigned<{ advanceShipment: ShipmentView }>(app.graphqlUrl, ADVANCE, { orderId }, caller);
  }

  async function eventsOf(orderId: string) {
    const rows = await prisma.outboxMessage.findMany({
      where: { type: "ShipmentStatusChanged", payload: { path: ["orderId"], equals: orderId } },
      orderBy: { seq: "asc" },
    });
    return rows.map((row) => ({ stream: row.stream, payload: row.payload, headers: row.headers }));
  }

  it("moves a shipment PENDING -> SHIPPED -> IN_TRANSIT -> DELIVERED, each step with its event in the outbox", async () => {
    const orderId = randomUUID();
    const { id: shipmentId } = await shipments.createShipment({ orderId, address });

    const shipped = await advance(orderId);
    expect(shipped.body.errors).toBeUndefined();
    expect(shipped.body.data?.advanceShipment).toMatchObject({ id: shipmentId, status: "SHIPPED", carrier: "DHL", trackingNumber: expect.stringMatching(/^JJD\d{16}$/) });
    const trackingNumber = shipped.body.data?.advanceShipment.trackingNumber;
    expect((await advance(orderId)).body.data?.advanceShipment).toMatchObject({ status: "IN_TRANSIT", carrier: "DHL", trackingNumber });
    expect((await advance(orderId)).body.data?.advanceShipment).toMatchObject({ status: "DELIVERED", carrier: "DHL", trackingNumber });

    // Each event carries the carrier and tracking number, so the customer's ORDER_SHIPPED notification can name them.
    const events = await eventsOf(orderId);
    expect(events.map((event) => event.payload)).toEqual(
      ["SHIPPED", "IN_TRANSIT", "DELIVERED"].map((status) => ({ orderId, shipmentId, status, carrier: "DHL", trackingNumber })),
    );
    expect(events.every((event) => event.stream === "shop:shipping:events")).toBe(true);
    const headers = events[0]?.headers as Record<string, string> | undefined;
    expect(headers).toEqual({ requestId: expect.any(String), correlationId: headers?.requestId });
  });

  it("refuses to advance a delivered shipment with BAD_USER_INPUT, and writes no event", async () => {
    const orderId = randomUUID();
    const created = await shipments.createShipment({ orderId, address });
    await prisma.shipment.update({ where: { id: created.id }, data: { status: "DELIVERED" } });
    const { body } = await advance(orderId);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining("already delivered"), extensions: { code: "BAD_USER_INPUT", field: "orderId" } });
    expect(await eventsOf(orderId)).toEqual([]);
  });

  it("refuses to advance a cancelled shipment with BAD_USER_INPUT", async () => {
    const orderId = randomUUID();
    const created = await shipments.createShipment({ orderId, address });
    await prisma.shipment.update({ where: { id: created.id }, data: { status: "CANCELLED" } });
    const { body } = await advance(orderId);
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining("cancelled"), extensions: { code: "BAD_USER_INPUT", field: "orderId" } });
    expect((await prisma.shipment.findUniqueOrThrow({ where: { orderId } })).status).toBe("CANCELLED");
  });

  it.each([
    ["an order without a shipment", () => randomUUID()],
    ["an id that is not a uuid", () => "order-1"],
  ])("answers NOT_FOUND for %s", async (_case, orderIdOf) => {
    const { body } = await advance(orderIdOf());
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND" });
  });

  it.each([
    ["anonymous callers", null, "UNAUTHENTICATED"],
    ["customers", customer, "FORBIDDEN"],
  ] as const)("refuses %s with %s and changes nothing", async (_who, caller, code) => {
    const orderId = randomUUID();
    await shipments.createShipment({ orderId, address });
    const { body } = await advance(orderId, caller);
    expect(body.errors?.[0]?.extensions).toEqual({ code });
    expect((await prisma.shipment.findUniqueOrThrow({ where: { orderId } })).status).toBe("PENDING");
    expect(await eventsOf(orderId)).toEqual([]);
  });

  it("never skips a status when advances race: four at once make three steps and one refusal, each step with one event", async () => {
    const orderId = randomUUID();
    const { id: shipmentId } = await shipments.createShipment({ orderId, address });
    const responses = await Promise.all(Array.from({ length: 4 }, () => advance(orderId)));
    const statuses = responses.flatMap((response) => (response.body.data ? [response.body.data.advanceShipment.status] : []));
    expect(statuses.sort()).toEqual(["DELIVERED", "IN_TRANSIT", "SHIPPED"]);
    expect(responses.flatMap((response) => response.body.errors ?? []).map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect((await eventsOf(orderId)).map((event) => event.payload)).toEqual(
      ["SHIPPED", "IN_TRANSIT", "DELIVERED"].map((status) => ({ orderId, shipmentId, status, carrier: "DHL", trackingNumber: expect.stringMatching(/^JJD/) })),
    );
  });
});

describe("the HTTP shell", () => {
  it("rejects _entities without a valid gateway signature", async () => {
    const forged = await postSigned(app.graphqlUrl, ORDER_SHIPMENTS, { reps: [] }, null, "not-the-secret");
    expect(forged.status).toBe(401);
  });
});
