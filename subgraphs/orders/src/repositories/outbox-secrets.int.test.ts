import { randomUUID } from "node:crypto";
import { enqueue } from "../../../../packages/messaging";
import { createTestDatabase, type TestDatabase } from "../../../../packages/testing";
import type { SagaDriver } from "../services/saga-transitions";
import { applySagaInput } from "../services/saga-transitions";
import { HOME, line } from "../test-fixtures";
import { writePendingOrder } from "./pending-order";
import { createPrismaClient, type OrdersPrisma } from "./prisma-client";
import { messageHeaders } from "../../../../packages/shop-messages";

// The payment token leaves the orders database once the charge step has an answer: from the saga row
// and from the ChargePayment message kept in the outbox.
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

async function placeWithToken(token: string): Promise<string> {
  const order = await prisma.$transaction((tx) =>
    writePendingOrder(tx, { userId: randomUUID(), items: [line(1999, 1)], shippingAddress: HOME }, { deadlineAt: new Date(Date.now() + 60_000), paymentToken: token }),
  );
  return order.id;
}

/** One saga step as the reply consumer takes it: decided, stored and its messages in the outbox, in one transaction. */
const drive = (orderId: string, driver: SagaDriver) =>
  prisma.$transaction(async (tx) => {
    const result = await applySagaInput(tx, orderId, driver, messageHeaders({ requestId: "test" }), { deadlineMs: 60_000 });
    await enqueue(tx, result?.messages ?? []);
  });

const outboxMentioning = async (text: string) =>
  (await prisma.$queryRawUnsafe<Array<{ type: string }>>(`SELECT type FROM outbox WHERE payload::text LIKE '%' || $1 || '%'`, text)).map((row) => row.type);

describe("the payment token in the orders database", () => {
  it("is blanked in the outbox and the saga once the charge is answered, and kept while it may be sent", async () => {
    const [paid, charging] = [`tok_${randomUUID()}`, `tok_${randomUUID()}`];
    const [paidOrder, chargingOrder] = [await placeWithToken(paid), await placeWithToken(charging)];
    for (const orderId of [paidOrder, chargingOrder]) {
      await drive(orderId, "start");
      await drive(orderId, { type: "StockReserved" });
    }
    expect(await outboxMentioning(paid)).toEqual(["ChargePayment"]);

    await drive(paidOrder, { type: "PaymentCaptured" });
    expect(await outboxMentioning(paid)).toEqual([]);
    const [charge] = await prisma.outboxMessage.findMany({ where: { type: "ChargePayment", payload: { path: ["orderId"], equals: paidOrder } } });
    expect(charge?.payload).toMatchObject({ orderId: paidOrder, paymentToken: "[redacted]", amountCents: 1999 });
    expect((await prisma.checkoutSaga.findUniqueOrThrow({ where: { orderId: paidOrder } })).paymentToken).toBeNull();

    // The other order's charge is still in flight: its token stays, in the saga (for a resend) and the outbox.
    expect(await outboxMentioning(charging)).toEqual(["ChargePayment"]);
    expect((await prisma.checkoutSaga.findUniqueOrThrow({ where: { orderId: chargingOrder } })).paymentToken).toBe(charging);
  });
});
