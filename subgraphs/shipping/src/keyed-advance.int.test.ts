import { randomUUID } from "node:crypto";
import type { Caller } from "../../../packages/identity";
import { postSigned, type RunningApp, serveSubgraph, type ServedSubgraph } from "../../../packages/testing";
import { createPrismaClient, type ShippingPrisma } from "./repositories/prisma-client";
import { createShipmentRepository, type ShipmentRepository } from "./repositories/shipment-repository";
import { createServer } from "./server";

let prisma: ShippingPrisma;
let shipments: ShipmentRepository;
let app: RunningApp;
let subgraph: ServedSubgraph<ShippingPrisma>;

const admin: Caller = { userId: randomUUID(), role: "ADMIN" };
const address = { line1: "1 Main Street", city: "Springfield", postalCode: "10001", country: "US" };

beforeAll(async () => {
  subgraph = await serveSubgraph("shipping", { createPrismaClient, createServer });
  ({ prisma, app } = subgraph);
  shipments = createShipmentRepository(prisma);
});

afterAll(async () => {
  await subgraph?.close();
});

interface ShipmentView {
  id: string;
  status: string;
  carrier: string | null;
  trackingNumber: string | null;
  estimatedDelivery: string | null;
}

const ADVANCE = `mutation ($orderId: ID!, $key: String) {
  advanceShipment(orderId: $orderId, idempotencyKey: $key) { id status carrier trackingNumber estimatedDelivery }
}`;

const advance = (orderId: string, key: string | null, caller: Caller | null = admin) =>
  postSigned<{ advanceShipment: ShipmentView }>(app.graphqlUrl, ADVANCE, { orderId, key }, caller);

async function pendingShipment(): Promise<string> {
  const orderId = randomUUID();
  await shipments.createShipment({ orderId, address, estimatedDelivery: new Date("2026-12-24T10:00:00.000Z") });
  return orderId;
}

const statusOf = async (orderId: string) => (await prisma.shipment.findUniqueOrThrow({ where: { orderId } })).status;
const eventCount = (orderId: string) => prisma.outboxMessage.count({ where: { type: "ShipmentStatusChanged", payload: { path: ["orderId"], equals: orderId } } });

describe("advanceShipment with an idempotency key", () => {
  it("moves once for two calls with one key; the retry answers the first call's shipment", async () => {
    const orderId = await pendingShipment();
    const key = `ship-${randomUUID()}`;
    const first = await advance(orderId, key);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.advanceShipment).toMatchObject({ status: "SHIPPED", carrier: "DHL", estimatedDelivery: "2026-12-24T10:00:00.000Z" });
    const retry = await advance(orderId, key);
    expect(retry.body.data?.advanceShipment).toEqual(first.body.data?.advanceShipment);
    expect(await statusOf(orderId)).toBe("SHIPPED");
    expect(await eventCount(orderId)).toBe(1);
    // A new key is a new step.
    expect((await advance(orderId, `next-${randomUUID()}`)).body.data?.advanceShipment.status).toBe("IN_TRANSIT");
  });

  it("moves once when five calls with one key race, and each answers SHIPPED", async () => {
    const orderId = await pendingShipment();
    const key = `race-${randomUUID()}`;
    const responses = await Promise.all(Array.from({ length: 5 }, () => advance(orderId, key)));
    expect(responses.flatMap((response) => response.body.errors ?? [])).toEqual([]);
    expect(responses.map((response) => response.body.data?.advanceShipment.status)).toEqual(Array(5).fill("SHIPPED"));
    expect(await statusOf(orderId)).toBe("SHIPPED");
    expect(await eventCount(orderId)).toBe(1);
  });

  it("takes one step per key when keyed advances of one shipment race with different keys", async () => {
    const orderId = await pendingShipment();
    const responses = await Promise.all(["a", "b", "c"].map((key) => advance(orderId, `${key}-${randomUUID()}`)));
    expect(responses.map((response) => response.body.data?.advanceShipment.status).sort()).toEqual(["DELIVERED", "IN_TRANSIT", "SHIPPED"]);
    expect(await eventCount(orderId)).toBe(3);
  });

  it("refuses the same key for another order with BAD_USER_INPUT, moving nothing", async () => {
    const [first, second] = [await pendingShipment(), await pendingShipment()];
    const key = `mixed-${randomUUID()}`;
    await advance(first, key);
    const { body } = await advance(second, key);
    expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
    expect(await statusOf(second)).toBe("PENDING");
  });

  it("stores no key for a refused advance (delivered shipment), and NOT_FOUND stays NOT_FOUND", async () => {
    const orderId = await pendingShipment();
    await prisma.shipment.update({ where: { orderId }, data: { status: "DELIVERED" } });
    const key = `done-${randomUUID()}`;
    expect((await advance(orderId, key)).body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "orderId" });
    expect(await prisma.idempotencyKey.count({ where: { key } })).toBe(0);
    expect((await advance(randomUUID(), key)).body.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND" });
  });

  it.each([
    ["an empty key", ""],
    ["a key with a lone surrogate", "key\uD800"],
  ])("refuses %s with BAD_USER_INPUT naming idempotencyKey", async (_case, key) => {
    const orderId = await pendingShipment();
    expect((await advance(orderId, key)).body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
    expect(await statusOf(orderId)).toBe("PENDING");
  });
});
