import { randomUUID } from "node:crypto";
import { DEMO_PRODUCTS } from "../../../packages/demo-catalogue";
import type { Caller } from "../../../packages/identity";
import { postSigned, type RunningApp, serveSubgraph, type ServedSubgraph } from "../../../packages/testing";
import { MAX_ON_HAND, MAX_RESTOCK_QUANTITY } from "./domain/restock";
import { createPrismaClient, type InventoryPrisma } from "./repositories/prisma-client";
import { seedDemoStock } from "./seed";
import { createServer } from "./server";

let prisma: InventoryPrisma;
let app: RunningApp;
let subgraph: ServedSubgraph<InventoryPrisma>;

const admin: Caller = { userId: "admin-1", role: "ADMIN" };
const customer: Caller = { userId: "customer-1", role: "CUSTOMER" };

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
interface StockView {
  id: string;
  inventory: Level;
  inStock: boolean;
}

const ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { id inventory { onHand reserved available } inStock } } }`;
const RESTOCK = `mutation ($productId: ID!, $quantity: Int!) { restock(productId: $productId, quantity: $quantity) { onHand reserved available } }`;

function stockOf(ids: string[]) {
  return postSigned<{ _entities: StockView[] }>(app.graphqlUrl, ENTITIES, { reps: ids.map((id) => ({ __typename: "Product", id })) });
}

function restock(productId: string, quantity: number, caller: Caller | null = admin) {
  return postSigned<{ restock: Level }>(app.graphqlUrl, RESTOCK, { productId, quantity }, caller);
}

const onHandOf = async (productId: string) => (await prisma.stockLevel.findUnique({ where: { productId } }))?.onHand ?? null;

describe("Product.inventory and Product.inStock", () => {
  it("shows stored stock, and zero stock for products without a record (whatever their id looks like)", async () => {
    const stocked = randomUUID();
    const fullyReserved = randomUUID();
    const neverStocked = randomUUID();
    await prisma.stockLevel.createMany({
      data: [
        { productId: stocked, onHand: 10, reserved: 3 },
        { productId: fullyReserved, onHand: 4, reserved: 4 },
      ],
    });
    const { body } = await stockOf([stocked, fullyReserved, neverStocked, "not-a-uuid"]);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { id: stocked, inventory: { onHand: 10, reserved: 3, available: 7 }, inStock: true },
      { id: fullyReserved, inventory: { onHand: 4, reserved: 4, available: 0 }, inStock: false },
      { id: neverStocked, inventory: { onHand: 0, reserved: 0, available: 0 }, inStock: false },
      { id: "not-a-uuid", inventory: { onHand: 0, reserved: 0, available: 0 }, inStock: false },
    ]);
  });

  it.each([5, 40])("answers %d products' inventory and inStock with one SQL query", async (count) => {
    const ids = Array.from({ length: count }, () => randomUUID());
    await prisma.stockLevel.createMany({ data: ids.filter((_id, index) => index % 2 === 0).map((productId) => ({ productId, onHand: 2 })) });
    subgraph.queries.count = 0;
    const { body } = await stockOf(ids);
    expect(body.data?._entities.map((product) => [product.id, product.inStock])).toEqual(ids.map((id, index) => [id, index % 2 === 0]));
    expect(subgraph.queries.count).toBe(1);
  });
});

describe("Mutation.restock", () => {
  it("lets an admin add stock to a product without a record, then to its record", async () => {
    const productId = randomUUID();
    const first = await restock(productId, 7);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.restock).toEqual({ onHand: 7, reserved: 0, available: 7 });
    await prisma.stockLevel.update({ where: { productId }, data: { reserved: 2 } });
    const second = await restock(productId, 3);
    expect(second.body.data?.restock).toEqual({ onHand: 10, reserved: 2, available: 8 });
    expect((await stockOf([productId])).body.data?._entities[0]?.inventory).toEqual({ onHand: 10, reserved: 2, available: 8 });
  });

  it("accepts the documented cap as a quantity", async () => {
    const productId = randomUUID();
    expect((await restock(productId, MAX_RESTOCK_QUANTITY)).body.data?.restock.onHand).toBe(MAX_RESTOCK_QUANTITY);
  });

  it.each([
    ["anonymous callers", null, "UNAUTHENTICATED"],
    ["customers", customer, "FORBIDDEN"],
  ] as const)("refuses %s with %s and changes nothing", async (_who, caller, code) => {
    const productId = randomUUID();
    await prisma.stockLevel.create({ data: { productId, onHand: 5 } });
    const { body } = await restock(productId, 3, caller);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code });
    expect(await onHandOf(productId)).toBe(5);
  });

  it.each([
    ["a zero quantity", 0, "quantity"],
    ["a negative quantity", -4, "quantity"],
    ["a quantity over the cap", MAX_RESTOCK_QUANTITY + 1, "quantity"],
  ])("refuses %s with BAD_USER_INPUT and changes nothing", async (_case, quantity, field) => {
    const productId = randomUUID();
    await prisma.stockLevel.create({ data: { productId, onHand: 5 } });
    const { body } = await restock(productId, quantity);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field });
    expect(await onHandOf(productId)).toBe(5);
  });

  it("refuses a product id that is not a UUID with BAD_USER_INPUT", async () => {
    const before = await prisma.stockLevel.count();
    const { body } = await restock("product-42", 1);
    expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "productId" });
    expect(await prisma.stockLevel.count()).toBe(before);
  });

  it("refuses a restock that would pass the integer limit of on_hand, instead of failing inside the database", async () => {
    const productId = randomUUID();
    await prisma.stockLevel.create({ data: { productId, onHand: MAX_ON_HAND - 10 } });
    const { body } = await restock(productId, 11);
    expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "quantity" });
    expect(await onHandOf(productId)).toBe(MAX_ON_HAND - 10);
    expect((await restock(productId, 10)).body.data?.restock.onHand).toBe(MAX_ON_HAND);
  });

  it("loses no update when 20 restocks of 1 race, even on a product without a record", async () => {
    const productId = randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => restock(productId, 1)));
    expect(responses.flatMap((response) => response.body.errors ?? [])).toEqual([]);
    // Each increment saw its own predecessor: the returned levels are exactly 1..20.
    const seen = responses.map((response) => response.body.data!.restock.onHand).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(await onHandOf(productId)).toBe(20);
  });
});

describe("the stock_levels CHECK constraint", () => {
  it.each([
    ["reserved above on hand", { onHand: 3, reserved: 4 }],
    ["negative on hand", { onHand: -1, reserved: 0 }],
    ["negative reserved", { onHand: 3, reserved: -1 }],
  ])("refuses %s on insert and on update", async (_case, quantities) => {
    const productId = randomUUID();
    await expect(prisma.stockLevel.create({ data: { productId, ...quantities } })).rejects.toThrow(/stock_levels_quantities_check/);
    await prisma.stockLevel.create({ data: { productId, onHand: 3, reserved: 1 } });
    await expect(prisma.stockLevel.update({ where: { productId }, data: quantities })).rejects.toThrow(/stock_levels_quantities_check/);
    expect(await prisma.stockLevel.findUnique({ where: { productId } })).toMatchObject({ onHand: 3, reserved: 1 });
  });

  it("refuses a raw reservation that would oversell", async () => {
    const productId = randomUUID();
    await prisma.stockLevel.create({ data: { productId, onHand: 2 } });
    await expect(
      prisma.$executeRaw`UPDATE stock_levels SET reserved = reserved + 3 WHERE product_id = ${productId}::uuid`,
    ).rejects.toThrow(/stock_levels_quantities_check/);
  });
});

describe("seedDemoStock", () => {
  it("stocks every demo product once and never resets stock that moved", async () => {
    await seedDemoStock(prisma);
    const [moved, untouched] = DEMO_PRODUCTS;
    await restock(moved!.id, 5);
    await prisma.stockLevel.update({ where: { productId: moved!.id }, data: { reserved: 2 } });
    await seedDemoStock(prisma);
    const demoRows = await prisma.stockLevel.findMany({ where: { productId: { in: DEMO_PRODUCTS.map((product) => product.id) } } });
    expect(demoRows).toHaveLength(DEMO_PRODUCTS.length);
    expect(await prisma.stockLevel.findUnique({ where: { productId: moved!.id } })).toMatchObject({ onHand: moved!.stock + 5, reserved: 2 });
    expect(await onHandOf(untouched!.id)).toBe(untouched!.stock);
  });
});

describe("the HTTP shell", () => {
  it("rejects _entities without a valid gateway signature", async () => {
    const forged = await postSigned(app.graphqlUrl, ENTITIES, { reps: [] }, admin, "not-the-secret");
    expect(forged.status).toBe(401);
  });
});
