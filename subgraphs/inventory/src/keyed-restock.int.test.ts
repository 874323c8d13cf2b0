import { randomUUID } from "node:crypto";
import type { Caller } from "../../../packages/identity";
import { postSigned, type RunningApp, serveSubgraph, type ServedSubgraph } from "../../../packages/testing";
import { MAX_ON_HAND } from "./domain/restock";
import { createPrismaClient, type InventoryPrisma } from "./repositories/prisma-client";
import { createServer } from "./server";

let prisma: InventoryPrisma;
let app: RunningApp;
let subgraph: ServedSubgraph<InventoryPrisma>;

const admin: Caller = { userId: randomUUID(), role: "ADMIN" };
const otherAdmin: Caller = { userId: randomUUID(), role: "ADMIN" };

beforeAll(async () => {
  subgraph = await serveSubgraph("inventory", { createPrismaClient, createServer });
  ({ prisma, app } = subgraph);
});

afterAll(async () => {
  await subgraph?.close();
});

interface Level {
  onHand: number;
  reserved: number;
  available: number;
}

const RESTOCK = `mutation ($productId: ID!, $quantity: Int!, $key: String) {
  restock(productId: $productId, quantity: $quantity, idempotencyKey: $key) { onHand reserved available }
}`;

const restock = (productId: string, quantity: number, key: string | null, caller: Caller | null = admin) =>
  postSigned<{ restock: Level }>(app.graphqlUrl, RESTOCK, { productId, quantity, key }, caller);

const onHandOf = async (productId: string) => (await prisma.stockLevel.findUnique({ where: { productId } }))?.onHand ?? 0;

describe("restock with an idempotency key", () => {
  it("adds once for two calls with one key, and answers the second with the first call's level", async () => {
    const productId = randomUUID();
    const key = `restock-${randomUUID()}`;
    const first = await restock(productId, 5, key);
    expect(first.body.errors).toBeUndefined();
    await restock(productId, 2, null); // an unkeyed restock in between moves the stock on
    const retry = await restock(productId, 5, key);
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data?.restock).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await onHandOf(productId)).toBe(7);
  });

  it("adds once when ten calls with one key race, and each answers the same level", async () => {
    const productId = randomUUID();
    await restock(productId, 1, null);
    const key = `race-${randomUUID()}`;
    const responses = await Promise.all(Array.from({ length: 10 }, () => restock(productId, 4, key)));
    expect(responses.flatMap((response) => response.body.errors ?? [])).toEqual([]);
    expect(new Set(responses.map((response) => JSON.stringify(response.body.data?.restock)))).toEqual(new Set([JSON.stringify({ onHand: 5, reserved: 0, available: 5 })]));
    expect(await onHandOf(productId)).toBe(5);
    expect(await prisma.idempotencyKey.count({ where: { key } })).toBe(1);
  });

  it("refuses the same key with other arguments with BAD_USER_INPUT, adding nothing", async () => {
    const productId = randomUUID();
    const key = `mixed-${randomUUID()}`;
    await restock(productId, 3, key);
    for (const [id, quantity] of [[productId, 4], [randomUUID(), 3]] as const) {
      const { body } = await restock(id, quantity, key);
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
    }
    expect(await onHandOf(productId)).toBe(3);
  });

  it("keeps keys per admin: another admin's same key is a restock of its own", async () => {
    const productId = randomUUID();
    const key = `shared-${randomUUID()}`;
    await restock(productId, 3, key);
    expect((await restock(productId, 3, key, otherAdmin)).body.data?.restock.onHand).toBe(6);
  });

  it("stores no key for a refused restock, so a retry with the same key may succeed later", async () => {
    const productId = randomUUID();
    await prisma.stockLevel.create({ data: { productId, onHand: MAX_ON_HAND - 1 } });
    const key = `limit-${randomUUID()}`;
    expect((await restock(productId, 5, key)).body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "quantity" });
    expect(await prisma.idempotencyKey.count({ where: { key } })).toBe(0);
    await prisma.stockLevel.update({ where: { productId }, data: { onHand: 0 } });
    expect((await restock(productId, 5, key)).body.data?.restock.onHand).toBe(5);
  });

  it.each([
    ["an empty key", ""],
    ["a key with a NUL byte", "key\u0000"],
    ["a huge key", "k".repeat(10_000)],
  ])("refuses %s with BAD_USER_INPUT naming idempotencyKey", async (_case, key) => {
    const productId = randomUUID();
    const { body } = await restock(productId, 1, key);
    expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
    expect(await onHandOf(productId)).toBe(0);
  });

  it.each([
    ["anonymous callers", null, "UNAUTHENTICATED"],
    ["customers", { userId: randomUUID(), role: "CUSTOMER" } as Caller, "FORBIDDEN"],
  ])("refuses %s with %s, storing no key", async (_case, caller, code) => {
    const key = `who-${randomUUID()}`;
    const { body } = await restock(randomUUID(), 1, key, caller);
    expect(body.errors?.[0]?.extensions).toEqual({ code });
    expect(await prisma.idempotencyKey.count({ where: { key } })).toBe(0);
  });
});
