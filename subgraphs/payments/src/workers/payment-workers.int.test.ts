import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { createLogger } from "../../../../packages/logging";
import { deadLetterStream, fromStreamFields, newMessage, toStreamFields, type Message, workerSettingsFrom, type WorkerSettings } from "../../../../packages/messaging";
import { Streams, MESSAGE_TYPES } from "../../../../packages/shop-messages";
import { createTestDatabase, type TestDatabase } from "../../../../packages/testing";
import { TestPaymentProvider, TestTokens } from "../providers/test-provider";
import { createPrismaClient, type PaymentsPrisma } from "../repositories/prisma-client";
import { createPaymentWorkers } from ".";

// Redis logical database 5 belongs to this file: other test files use the same Redis in parallel.
const REDIS_URL = "redis://127.0.0.1:6379/5";
const MAX_DELIVERIES = 3;
// The defaults, with short waits so that retries and dead-lettering happen within a test.
const settings = (consumerName: string): WorkerSettings => ({
  ...workerSettingsFrom({}, "payments", MESSAGE_TYPES),
  consumerName,
  maxDeliveries: MAX_DELIVERIES,
  // Long enough that a loaded machine's pauses do not hand a charge in flight to the other worker
  // (a consumer keeps what it handles claimed every third of this), short enough for the retry tests.
  claimIdleMs: 600,
  relayIntervalMs: 20,
  blockMs: 100,
});

let database: TestDatabase;
let prisma: PaymentsPrisma;
let redis: Redis;
let provider: TestPaymentProvider;
let stopWorkers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  database = await createTestDatabase("payments");
  prisma = createPrismaClient(database.url);
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  await redis.flushdb();
  provider = new TestPaymentProvider();
  const start = createPaymentWorkers({ provider, providerTimeoutMs: 300 });
  // Two workers in one consumer group, as two replicas of the subgraph would run.
  stopWorkers = ["payments-test-a", "payments-test-b"].map((name) =>
    start({ prisma, redis, logger: createLogger("payments", "silent"), settings: settings(name) }),
  );
});

afterAll(async () => {
  await Promise.all(stopWorkers.map((stop) => stop()));
  await redis?.flushdb();
  redis?.disconnect();
  await prisma?.$disconnect();
  await database?.drop();
});

const headers = { correlationId: "corr-payments-test" };

async function send(type: string, payload: unknown, message: Message = newMessage(Streams.paymentCommands, type, payload, headers)) {
  await redis.xadd(Streams.paymentCommands, "*", ...toStreamFields(message));
  return message;
}

const charge = (orderId: string, paymentToken: string = TestTokens.captured) =>
  send("ChargePayment", { orderId, userId: randomUUID(), amountCents: 4_999, currency: "USD", paymentToken });

async function streamMessages(stream: string): Promise<Message[]> {
  const entries = (await redis.xrange(stream, "-", "+")) as Array<[string, string[]]>;
  return entries.map(([, fields]) => fromStreamFields(stream, fields));
}

async function repliesFor(orderId: string): Promise<Message[]> {
  return (await streamMessages(Streams.sagaReplies)).filter((reply) => (reply.payload as { orderId?: string }).orderId === orderId);
}

/** Polls until `count` replies about the order are on the replies stream (bounded: 10 s). */
async function waitForReplies(orderId: string, count = 1): Promise<Message[]> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    const replies = await repliesFor(orderId);
    if (replies.length >= count) return replies;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no ${count} replies for order ${orderId} within 10 s; got ${JSON.stringify(await repliesFor(orderId))}`);
}

/** Polls until the group has read and acknowledged every entry of the stream (bounded: 10 s). */
async function waitUntilConsumed(stream: string, group: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    // The stream's last id, even when that entry is gone (payment commands are deleted once acknowledged).
    const streamInfo = Object.fromEntries(pairs((await redis.xinfo("STREAM", stream)) as unknown[]));
    const lastId = streamInfo["last-generated-id"];
    const groups = (await redis.xinfo("GROUPS", stream)) as unknown[][];
    const info = groups.map((fields) => Object.fromEntries(pairs(fields))).find((fields) => fields.name === group);
    if (info?.["last-delivered-id"] === lastId && info?.pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`group ${group} did not consume ${stream} within 10 s`);
}

/** Polls until the relay has published every outbox row (bounded: 10 s); it marks a row just after its XADD. */
async function waitUntilPublished(): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    if ((await prisma.outboxMessage.count({ where: { publishedAt: null } })) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("outbox rows were left unpublished for 10 s");
}

/** XINFO answers flat [name, value, name, value, ...] lists. */
function pairs(fields: unknown[]): Array<[string, unknown]> {
  const result: Array<[string, unknown]> = [];
  for (let index = 0; index + 1 < fields.length; index += 2) result.push([String(fields[index]), fields[index + 1]]);
  return result;
}

describe("ChargePayment", () => {
  it("captures tok_visa, stores the payment and answers PaymentCaptured with the command's headers", async () => {
    const orderId = randomUUID();
    await charge(orderId);
    const [reply] = await waitForReplies(orderId);
    const payment = await prisma.payment.findUniqueOrThrow({ where: { orderId } });
    expect(payment).toMatchObject({ status: "CAPTURED", amountCents: 4_999, currency: "USD", provider: "test" });
    expect(payment.providerReference).toBe(`ch_${orderId.replace(/-/g, "")}`);
    expect(reply).toMatchObject({ type: "PaymentCaptured", payload: { orderId, paymentId: payment.id }, headers });
  });

  it("declines tok_chargeDeclined and answers PaymentDeclined with the provider's reason", async () => {
    const orderId = randomUUID();
    await charge(orderId, TestTokens.declined);
    const [reply] = await waitForReplies(orderId);
    expect(reply).toMatchObject({ type: "PaymentDeclined", payload: { orderId, reason: "Your card was declined." } });
    expect(await prisma.payment.findUniqueOrThrow({ where: { orderId } })).toMatchObject({ status: "DECLINED", declineReason: "Your card was declined." });
  });

  it("charges an order once: a redelivered message and a re-sent command get the stored answer, not a second charge", async () => {
    const orderId = randomUUID();
    const first = await charge(orderId);
    await waitForReplies(orderId, 1);
    await send("ChargePayment", first.payload, first); // the same message id again
    await charge(orderId); // re-sent with a new message id, as after Redis lost data
    await waitUntilConsumed(Streams.paymentCommands, "payments");
    await waitUntilPublished();
    const payment = await prisma.payment.findUniqueOrThrow({ where: { orderId } });
    // The duplicate changed nothing and was not answered; the re-sent command got the first answer.
    expect((await repliesFor(orderId)).map((reply) => reply.payload)).toEqual([
      { orderId, paymentId: payment.id },
      { orderId, paymentId: payment.id },
    ]);
    expect(provider.callsFor("charge", orderId)).toBe(1);
    expect(await prisma.processedMessage.count({ where: { messageId: first.id } })).toBe(1);
  });

  it("makes one payment per order when two workers race on commands re-sent for the same orders", async () => {
    const orderIds = Array.from({ length: 20 }, () => randomUUID());
    for (const orderId of orderIds) {
      await charge(orderId);
      await charge(orderId);
    }
    for (const orderId of orderIds) {
      const replies = await waitForReplies(orderId, 2);
      const payment = await prisma.payment.findUniqueOrThrow({ where: { orderId } });
      expect(replies.map((reply) => reply.payload)).toEqual([
        { orderId, paymentId: payment.id },
        { orderId, paymentId: payment.id },
      ]);
    }
    expect(await prisma.payment.count({ where: { orderId: { in: orderIds } } })).toBe(orderIds.length);
  });

  it("retries tok_transientFailure by redelivery until it captures", async () => {
    const orderId = randomUUID();
    await charge(orderId, TestTokens.transientFailure);
    const [reply] = await waitForReplies(orderId);
    expect(reply?.type).toBe("PaymentCaptured");
    expect(provider.callsFor("charge", orderId)).toBe(3);
    expect(await prisma.payment.count({ where: { orderId } })).toBe(1);
  });

  it("gives up on a charge the provider never answers: dead-lettered, StepAbandoned, nothing stored", async () => {
    const orderId = randomUUID();
    const command = await charge(orderId, TestTokens.hangs);
    const [reply] = await waitForReplies(orderId);
    expect(reply).toMatchObject({ type: "StepAbandoned", payload: { orderId, command: "ChargePayment" }, headers });
    expect((reply!.payload as { reason: string }).reason).toContain(`failed ${MAX_DELIVERIES} deliveries`);
    const deadLetters = await streamMessages(deadLetterStream(Streams.paymentCommands));
    expect(deadLetters.map((message) => message.id)).toContain(command.id);
    expect(provider.callsFor("charge", orderId)).toBe(MAX_DELIVERIES);
    expect(await prisma.payment.count({ where: { orderId } })).toBe(0);
  });

  it.each([
    ["a payload that breaks the contract", { amountCents: "a lot" }],
    ["a lower-case currency", { userId: randomUUID(), amountCents: 100, currency: "usd", paymentToken: TestTokens.captured }],
  ])("dead-letters %s at once and answers StepAbandoned when it names an order", async (_case, payload) => {
    const orderId = randomUUID();
    const command = await send("ChargePayment", { ...payload, orderId });
    const [reply] = await waitForReplies(orderId);
    expect(reply).toMatchObject({ type: "StepAbandoned", payload: { orderId, command: "ChargePayment" } });
    expect((await streamMessages(deadLetterStream(Streams.paymentCommands))).map((message) => message.id)).toContain(command.id);
    expect(provider.callsFor("charge", orderId)).toBe(0);
  });
});

describe("RefundPayment", () => {
  it("refunds a captured payment once, and answers PaymentRefunded every time", async () => {
    const orderId = randomUUID();
    await charge(orderId);
    await waitForReplies(orderId, 1);
    // Two refunds at once, taken by the two workers: one transition (the provider dedupes on the key).
    await send("RefundPayment", { orderId });
    await send("RefundPayment", { orderId });
    await waitForReplies(orderId, 3);
    const payment = await prisma.payment.findUniqueOrThrow({ where: { orderId } });
    expect(payment).toMatchObject({ status: "REFUNDED", refundReference: `re_${orderId.replace(/-/g, "")}` });
    expect(payment.refundedAt).toBeInstanceOf(Date);
    // A refund asked for later finds the payment REFUNDED: the provider is not asked again.
    const refundCalls = provider.callsFor("refund", `refund-${orderId}`);
    await send("RefundPayment", { orderId });
    const replies = await waitForReplies(orderId, 4);
    expect(replies.map((reply) => reply.type)).toEqual(["PaymentCaptured", "PaymentRefunded", "PaymentRefunded", "PaymentRefunded"]);
    expect(provider.callsFor("refund", `refund-${orderId}`)).toBe(refundCalls);
    expect((await prisma.payment.findUniqueOrThrow({ where: { orderId } })).refundedAt).toEqual(payment.refundedAt);
  });

  it("answers a ChargePayment re-sent after the refund with the original PaymentCaptured, and does not charge again", async () => {
    const orderId = randomUUID();
    await charge(orderId);
    await waitForReplies(orderId, 1);
    await send("RefundPayment", { orderId });
    await waitForReplies(orderId, 2);
    await charge(orderId);
    const replies = await waitForReplies(orderId, 3);
    const payment = await prisma.payment.findUniqueOrThrow({ where: { orderId } });
    expect(replies[2]).toMatchObject({ type: "PaymentCaptured", payload: { orderId, paymentId: payment.id } });
    expect(payment.status).toBe("REFUNDED");
    expect(provider.callsFor("charge", orderId)).toBe(1);
  });

  it.each([
    ["an order never charged", null],
    ["a declined payment", TestTokens.declined],
  ])("has nothing to refund for %s but still answers PaymentRefunded", async (_case, token) => {
    const orderId = randomUUID();
    if (token) {
      await charge(orderId, token);
      await waitForReplies(orderId, 1);
    }
    await send("RefundPayment", { orderId });
    const replies = await waitForReplies(orderId, token ? 2 : 1);
    expect(replies.at(-1)).toMatchObject({ type: "PaymentRefunded", payload: { orderId } });
    expect((await prisma.payment.findUnique({ where: { orderId } }))?.status ?? null).toBe(token ? "DECLINED" : null);
    expect(provider.callsFor("refund", `refund-${orderId}`)).toBe(0);
  });
});

describe("the streams afterwards", () => {
  it("leaves nothing pending in the consumer group and nothing unpublished in the outbox", async () => {
    await waitUntilConsumed(Streams.paymentCommands, "payments"); // throws when entries stay pending
    await waitUntilPublished(); // throws when outbox rows stay unpublished
    expect(await prisma.outboxMessage.count()).toBeGreaterThan(0);
  });
});
