import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../../../../packages/testing";
import { HOME, IN_ONE_HOUR, line, placeOrder } from "../test-fixtures";
import { createOrderRepository, type OrderRepository } from "./order-repository";
import { createPrismaClient, type OrdersPrisma } from "./prisma-client";

let database: TestDatabase;
let prisma: OrdersPrisma;
let orders: OrderRepository;

beforeAll(async () => {
  database = await createTestDatabase("orders");
  prisma = createPrismaClient(database.url);
  orders = createOrderRepository(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

const rowCounts = async () => ({
  orders: await prisma.order.count(),
  items: await prisma.orderItem.count(),
  events: await prisma.orderEvent.count(),
  sagas: await prisma.checkoutSaga.count(),
  steps: await prisma.sagaStep.count(),
});

describe("createPendingOrder", () => {
  it("writes the order, its lines, ORDER_PLACED and a RUNNING saga with four PENDING steps", async () => {
    const userId = randomUUID();
    const deadlineAt = new Date(Date.now() + 90_000);
    const { order, created } = await orders.createPendingOrder(
      { userId, items: [line(1999, 3, "Mug"), line(250, 2, "Coaster")], shippingAddress: { ...HOME, line2: " ", country: "us" } },
      { deadlineAt },
    );
    expect(created).toBe(true);
    expect(order).toMatchObject({
      userId,
      status: "PENDING",
      totalCents: 1999 * 3 + 250 * 2,
      currency: "USD",
      shipLine1: "1 Main St",
      shipLine2: null,
      shipCountry: "US",
      failureCode: null,
      idempotencyKey: null,
    });
    const items = await prisma.orderItem.findMany({ where: { orderId: order.id }, orderBy: { position: "asc" } });
    expect(items.map(({ position, productName, unitPriceCents, quantity }) => ({ position, productName, unitPriceCents, quantity }))).toEqual([
      { position: 0, productName: "Mug", unitPriceCents: 1999, quantity: 3 },
      { position: 1, productName: "Coaster", unitPriceCents: 250, quantity: 2 },
    ]);
    expect(await prisma.orderEvent.findMany({ where: { orderId: order.id }, select: { type: true, detail: true } })).toEqual([
      { type: "ORDER_PLACED", detail: null },
    ]);
    const saga = await prisma.checkoutSaga.findUniqueOrThrow({ where: { orderId: order.id }, include: { steps: { orderBy: { position: "asc" } } } });
    expect(saga).toMatchObject({ status: "RUNNING", deadlineAt, flagged: false });
    expect(saga.steps.map(({ name, position, status, attempts, error }) => ({ name, position, status, attempts, error }))).toEqual([
      { name: "RESERVE_INVENTORY", position: 0, status: "PENDING", attempts: 0, error: null },
      { name: "CHARGE_PAYMENT", position: 1, status: "PENDING", attempts: 0, error: null },
      { name: "CONFIRM_ORDER", position: 2, status: "PENDING", attempts: 0, error: null },
      { name: "CREATE_SHIPMENT", position: 3, status: "PENDING", attempts: 0, error: null },
    ]);
  });

  it("gives back the first order for a repeated idempotency key, even when both calls race", async () => {
    const userId = randomUUID();
    const first = await orders.createPendingOrder({ userId, items: [line(100, 1)], shippingAddress: HOME, idempotencyKey: "key-1" }, IN_ONE_HOUR());
    const again = await orders.createPendingOrder({ userId, items: [line(100, 1)], shippingAddress: HOME, idempotencyKey: "key-1" }, IN_ONE_HOUR());
    expect(again).toEqual({ order: first.order, created: false });

    const racing = await Promise.all(
      [1, 2, 3].map(() => orders.createPendingOrder({ userId, items: [line(100, 1)], shippingAddress: HOME, idempotencyKey: "key-2" }, IN_ONE_HOUR())),
    );
    expect(new Set(racing.map((result) => result.order.id)).size).toBe(1);
    expect(racing.filter((result) => result.created)).toHaveLength(1);
    expect(await prisma.order.count({ where: { userId } })).toBe(2);
  });

  it("keeps idempotency keys per user", async () => {
    const a = await placeOrder(orders, randomUUID(), { idempotencyKey: "shared" });
    const b = await placeOrder(orders, randomUUID(), { idempotencyKey: "shared" });
    expect(a.id).not.toBe(b.id);
  });

  it.each([
    ["no lines", { items: [] }, "items"],
    ["a quantity of 0", { items: [line(100, 0)] }, "items[0].quantity"],
    ["a bad country", { shippingAddress: { ...HOME, country: "USA" } }, "shippingAddress.country"],
  ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_case, change, field) => {
    const before = await rowCounts();
    await expect(placeOrder(orders, randomUUID(), change)).rejects.toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(await rowCounts()).toEqual(before);
  });

  it("writes nothing at all when the database refuses one row", async () => {
    const before = await rowCounts();
    // The second line's product id is not a UUID: the order row is written first, then rolled back.
    await expect(placeOrder(orders, randomUUID(), { items: [line(100, 1), { ...line(100, 1), productId: "not-a-uuid" }] })).rejects.toThrow();
    expect(await rowCounts()).toEqual(before);
  });

  it("is backed by CHECK constraints that hold against writes bypassing the domain", async () => {
    const order = await placeOrder(orders, randomUUID());
    const item = { orderId: order.id, productId: randomUUID(), productName: "Raw", unitPriceCents: 100, currency: "USD" };
    await expect(prisma.orderItem.create({ data: { ...item, position: 10, quantity: 101 } })).rejects.toThrow(/order_items_quantity_check/);
    await expect(prisma.orderItem.create({ data: { ...item, position: 11, quantity: 0 } })).rejects.toThrow(/order_items_quantity_check/);
    await expect(prisma.orderItem.create({ data: { ...item, position: 12, quantity: 1, unitPriceCents: -1 } })).rejects.toThrow(
      /order_items_unit_price_cents_check/,
    );
    await expect(prisma.order.update({ where: { id: order.id }, data: { totalCents: -1 } })).rejects.toThrow(/orders_total_cents_check/);
  });
});
