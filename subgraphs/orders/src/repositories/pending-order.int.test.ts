import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../../../../packages/testing";
import { HOME, line, placeOrder } from "../test-fixtures";
import { isUniqueViolation, writePendingOrder } from "./pending-order";
import { createPrismaClient, type OrdersPrisma } from "./prisma-client";

let database: TestDatabase;
let prisma: OrdersPrisma;

beforeAll(async () => {
  database = await createTestDatabase("orders");
  prisma = createPrismaClient(database.url);
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

// Idempotent placement (a repeated key, sequential and concurrent) is the checkout service's and is
// covered end to end by e2e/checkout.e2e.test.ts; here, the rows writePendingOrder writes.
describe("writePendingOrder", () => {
  it("writes the order, its lines, ORDER_PLACED and a RUNNING saga with four PENDING steps", async () => {
    const userId = randomUUID();
    const deadlineAt = new Date(Date.now() + 90_000);
    const order = await prisma.$transaction((tx) =>
      writePendingOrder(
        tx,
        { userId, items: [line(1999, 3, "Mug"), line(250, 2, "Coaster")], shippingAddress: { ...HOME, line2: " ", country: "us" } },
        { deadlineAt },
      ),
    );
    expect(order).toMatchObject({
      userId,
      status: "PENDING",
      subtotalCents: 1999 * 3 + 250 * 2,
      shippingCents: 0,
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

  it("charges subtotal plus shipping: total_cents is what the saga's ChargePayment asks for", async () => {
    const items = [line(1999, 3, "Mug"), line(250, 2, "Coaster")];
    const order = await prisma.$transaction((tx) =>
      writePendingOrder(tx, { userId: randomUUID(), items, shippingAddress: HOME, shippingCents: 699 }, { deadlineAt: new Date(Date.now() + 90_000) }),
    );
    expect(order).toMatchObject({ subtotalCents: 6497, shippingCents: 699, totalCents: 6497 + 699 });
  });

  it("stores the idempotency key, unique per user: the index the checkout's race handling relies on", async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    const first = await placeOrder(prisma, alice, { idempotencyKey: "shared" });
    expect(first.idempotencyKey).toBe("shared");
    const before = await rowCounts();
    const repeated = await placeOrder(prisma, alice, { idempotencyKey: "shared" }).catch((error: unknown) => error);
    expect(isUniqueViolation(repeated)).toBe(true);
    expect(await rowCounts()).toEqual(before);
    const bobs = await placeOrder(prisma, bob, { idempotencyKey: "shared" });
    expect(bobs.id).not.toBe(first.id);
  });

  it.each([
    ["no lines", { items: [] }, "items"],
    ["a quantity of 0", { items: [line(100, 0)] }, "items[0].quantity"],
    ["a bad country", { shippingAddress: { ...HOME, country: "USA" } }, "shippingAddress.country"],
  ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_case, change, field) => {
    const before = await rowCounts();
    await expect(placeOrder(prisma, randomUUID(), change)).rejects.toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(await rowCounts()).toEqual(before);
  });

  it("writes nothing at all when the database refuses one row", async () => {
    const before = await rowCounts();
    // The second line's product id is not a UUID: the order row is written first, then rolled back.
    await expect(placeOrder(prisma, randomUUID(), { items: [line(100, 1), { ...line(100, 1), productId: "not-a-uuid" }] })).rejects.toThrow();
    expect(await rowCounts()).toEqual(before);
  });

  it("is backed by CHECK constraints that hold against writes bypassing the domain", async () => {
    const order = await placeOrder(prisma, randomUUID());
    const item = { orderId: order.id, productId: randomUUID(), productName: "Raw", unitPriceCents: 100, currency: "USD" };
    await expect(prisma.orderItem.create({ data: { ...item, position: 10, quantity: 101 } })).rejects.toThrow(/order_items_quantity_check/);
    await expect(prisma.orderItem.create({ data: { ...item, position: 11, quantity: 0 } })).rejects.toThrow(/order_items_quantity_check/);
    await expect(prisma.orderItem.create({ data: { ...item, position: 12, quantity: 1, unitPriceCents: -1 } })).rejects.toThrow(
      /order_items_unit_price_cents_check/,
    );
    await expect(prisma.order.update({ where: { id: order.id }, data: { totalCents: -1 } })).rejects.toThrow(/orders_total_cents_check/);
  });
});
