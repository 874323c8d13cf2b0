import { randomUUID } from "node:crypto";
import { postSigned, type RunningApp, serveSubgraph, type ServedSubgraph } from "../../../packages/testing";
import type { ChargeRecord } from "./domain/charge-record";
import { createPaymentRepository, type PaymentRepository } from "./repositories/payment-repository";
import { createPrismaClient, type PaymentsPrisma } from "./repositories/prisma-client";
import { createServer } from "./server";

let prisma: PaymentsPrisma;
let payments: PaymentRepository;
let app: RunningApp;
let subgraph: ServedSubgraph<PaymentsPrisma>;

beforeAll(async () => {
  subgraph = await serveSubgraph("payments", { createPrismaClient, createServer });
  ({ prisma, app } = subgraph);
  payments = createPaymentRepository(prisma);
});

afterAll(async () => {
  await subgraph?.close();
});

const customer = { userId: randomUUID(), role: "CUSTOMER" as const };

function captured(orderId: string, amountCents = 4_999): ChargeRecord {
  return { orderId, amountCents, currency: "USD", status: "CAPTURED", provider: "test", providerReference: `ch_${orderId.slice(0, 8)}` };
}

interface PaymentView {
  id: string;
  amount: { cents: number; currency: string; formatted: string };
  status: string;
  declineReason: string | null;
  createdAt: string;
}

const ORDER_PAYMENTS = `query ($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on Order { id payment { id amount { cents currency formatted } status declineReason createdAt } } }
}`;

async function paymentsOfOrders(orderIds: string[]) {
  return postSigned<{ _entities: Array<{ id: string; payment: PaymentView | null }> }>(
    app.graphqlUrl,
    ORDER_PAYMENTS,
    { reps: orderIds.map((id) => ({ __typename: "Order", id })) },
    customer,
  );
}

describe("Order.payment", () => {
  it("is null for an order that has not reached the payment step", async () => {
    const orderId = randomUUID();
    const { body } = await paymentsOfOrders([orderId]);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([{ id: orderId, payment: null }]);
  });

  it("shows a captured payment with its amount as Money", async () => {
    const orderId = randomUUID();
    const stored = await payments.recordPayment(captured(orderId, 123_456));
    const { body } = await paymentsOfOrders([orderId]);
    expect(body.errors).toBeUndefined();
    const payment = body.data!._entities[0]!.payment!;
    expect(payment).toEqual({
      id: stored.id,
      amount: { cents: 123_456, currency: "USD", formatted: "$1,234.56" },
      status: "CAPTURED",
      declineReason: null,
      createdAt: stored.createdAt.toISOString(),
    });
  });

  it("shows a declined payment with its reason", async () => {
    const orderId = randomUUID();
    await payments.recordPayment({ ...captured(orderId), status: "DECLINED", declineReason: "Your card was declined" });
    const { body } = await paymentsOfOrders([orderId]);
    expect(body.data?._entities[0]?.payment).toMatchObject({ status: "DECLINED", declineReason: "Your card was declined" });
  });

  it.each([5, 40])("resolves %i orders' payments with one SQL query", async (count) => {
    const orderIds = Array.from({ length: count }, () => randomUUID());
    for (const [index, orderId] of orderIds.entries()) if (index % 2 === 0) await payments.recordPayment(captured(orderId, 100 + index));
    subgraph.queries.count = 0;
    const { body } = await paymentsOfOrders(orderIds);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities.map((order) => order.payment?.amount.cents ?? null)).toEqual(
      orderIds.map((_id, index) => (index % 2 === 0 ? 100 + index : null)),
    );
    expect(subgraph.queries.count).toBe(1);
  });
});

describe("Payment references", () => {
  const PAYMENTS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Payment { id status amount { cents } } } }`;

  it("resolves payments by id in one SQL query, and unknown or malformed ids to null", async () => {
    const stored = await Promise.all([randomUUID(), randomUUID(), randomUUID()].map((orderId) => payments.recordPayment(captured(orderId, 700))));
    const ids = [...stored.map((payment) => payment.id), randomUUID(), "not-a-uuid"];
    subgraph.queries.count = 0;
    const { body } = await postSigned<{ _entities: Array<{ id: string } | null> }>(app.graphqlUrl, PAYMENTS, {
      reps: ids.map((id) => ({ __typename: "Payment", id })),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([...stored.map((payment) => ({ id: payment.id, status: "CAPTURED", amount: { cents: 700 } })), null, null]);
    expect(subgraph.queries.count).toBe(1);
  });
});

describe("recordPayment", () => {
  it("charges an order once: a second call returns the first row and stores nothing", async () => {
    const orderId = randomUUID();
    const first = await payments.recordPayment(captured(orderId, 2_500));
    const second = await payments.recordPayment({ ...captured(orderId, 9_999), status: "DECLINED", declineReason: "retry" });
    expect(second).toEqual(first);
    expect(await prisma.payment.findMany({ where: { orderId } })).toEqual([first]);
  });

  it("keeps one row when two calls for one order race", async () => {
    const orderId = randomUUID();
    const [one, other] = await Promise.all([payments.recordPayment(captured(orderId, 1_000)), payments.recordPayment(captured(orderId, 2_000))]);
    expect(one.id).toBe(other.id);
    expect(await prisma.payment.count({ where: { orderId } })).toBe(1);
  });

  it("replays inside a caller's transaction without aborting it", async () => {
    const orderId = randomUUID();
    const first = await payments.recordPayment(captured(orderId));
    const [replayed, countInTransaction] = await prisma.$transaction(async (tx) => {
      const again = await createPaymentRepository(tx).recordPayment(captured(orderId));
      // Any statement after a failed INSERT would raise "current transaction is aborted".
      return [again, await tx.payment.count({ where: { orderId } })] as const;
    });
    expect(replayed.id).toBe(first.id);
    expect(countInTransaction).toBe(1);
  });

  it("refuses a malformed record before it reaches the database", async () => {
    const orderId = randomUUID();
    await expect(payments.recordPayment(captured(orderId, -1))).rejects.toThrow("amountCents");
    expect(await prisma.payment.count({ where: { orderId } })).toBe(0);
  });

  it("has the database refuse a negative amount or a malformed currency even when the domain is bypassed", async () => {
    const base = { orderId: randomUUID(), amountCents: 100, currency: "USD", status: "CAPTURED" as const, provider: "test" };
    await expect(prisma.payment.create({ data: { ...base, amountCents: -5 } })).rejects.toThrow();
    await expect(prisma.payment.create({ data: { ...base, currency: "usd" } })).rejects.toThrow();
    expect(await prisma.payment.count({ where: { orderId: base.orderId } })).toBe(0);
  });

  it("has the database refuse a REFUNDED payment without its refund time or references", async () => {
    const base = { orderId: randomUUID(), amountCents: 100, currency: "USD", status: "REFUNDED" as const, provider: "test" };
    const refunded = { ...base, providerReference: "ch_1", refundReference: "re_1", refundedAt: new Date() };
    await expect(prisma.payment.create({ data: { ...refunded, refundedAt: null } })).rejects.toThrow();
    await expect(prisma.payment.create({ data: { ...refunded, refundReference: null } })).rejects.toThrow();
    await expect(prisma.payment.create({ data: { ...refunded, status: "CAPTURED" } })).rejects.toThrow();
    expect(await prisma.payment.count({ where: { orderId: base.orderId } })).toBe(0);
    await expect(prisma.payment.create({ data: refunded })).resolves.toMatchObject({ status: "REFUNDED" });
  });
});

describe("the HTTP shell", () => {
  it("rejects unsigned calls and serves /ready", async () => {
    const unsigned = await fetch(app.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ _service { sdl } }" }),
    });
    expect(unsigned.status).toBe(401);
    expect(await (await fetch(`${app.url}/ready`)).json()).toEqual({ status: "ready" });
  });
});
