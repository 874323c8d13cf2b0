import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { createLogger } from "../../../../packages/logging";
import { deadLetterStream, newMessage, toStreamFields, workerSettingsFrom, type Message } from "../../../../packages/messaging";
import { Streams, MESSAGE_TYPES } from "../../../../packages/shop-messages";
import { createTestDatabase, startRedisServer, type RedisServerProcess, type TestDatabase } from "../../../../packages/testing";
import { waitFor } from "../../../../packages/testing/wait-for";
import { TestPaymentProvider, TestTokens } from "../providers/test-provider";
import { createPrismaClient, type PaymentsPrisma } from "../repositories/prisma-client";
import { createPaymentWorkers } from ".";

// No payment token stays in Redis once payments handled its ChargePayment: the acknowledged command is
// deleted, and a dead-lettered one is kept with its token redacted. A Redis of this file's own.
let server: RedisServerProcess;
let redis: Redis;
let database: TestDatabase;
let prisma: PaymentsPrisma;
let stopWorkers: () => Promise<void>;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
  database = await createTestDatabase("payments");
  prisma = createPrismaClient(database.url);
  const settings = { ...workerSettingsFrom({ WORKER_MAX_DELIVERIES: "2", WORKER_CLAIM_IDLE_MS: "200", WORKER_BLOCK_MS: "100", WORKER_RELAY_INTERVAL_MS: "20" }, "payments", MESSAGE_TYPES), consumerName: "token-test" };
  stopWorkers = createPaymentWorkers({ provider: new TestPaymentProvider() })({ prisma, redis, logger: createLogger("payments", "silent"), settings });
});

afterAll(async () => {
  await stopWorkers?.();
  redis?.disconnect();
  await server?.stop();
  await prisma?.$disconnect();
  await database?.drop();
});

/** Every value in this Redis, whatever its type, as one text to search. */
async function everythingInRedis(): Promise<string> {
  const values: unknown[] = [];
  for (const key of await redis.keys("*")) {
    const type = await redis.type(key);
    if (type === "stream") values.push(key, await redis.xrange(key, "-", "+"));
    else if (type === "string") values.push(key, await redis.get(key));
    else if (type === "hash") values.push(key, await redis.hgetall(key));
    else values.push(key, type);
  }
  return JSON.stringify(values);
}

async function sendCharge(payload: Record<string, unknown>): Promise<Message> {
  const message = newMessage(Streams.paymentCommands, "ChargePayment", payload);
  await redis.xadd(Streams.paymentCommands, "*", ...toStreamFields(message));
  return message;
}

const replyTo = (orderId: string) =>
  waitFor(`the reply about ${orderId}`, async () => {
    const replies = await redis.xrange(Streams.sagaReplies, "-", "+");
    return replies.some(([, fields]) => fields.join(" ").includes(orderId));
  });

describe("the payment token", () => {
  it.each([
    ["captured", TestTokens.captured],
    ["declined", TestTokens.declined],
  ])("is gone from Redis once a %s charge was answered", async (_outcome, token) => {
    const orderId = randomUUID();
    await sendCharge({ orderId, userId: randomUUID(), amountCents: 1_250, currency: "USD", paymentToken: token });
    await replyTo(orderId);
    await waitFor("the command acknowledged", async () => (await redis.xpending(Streams.paymentCommands, "payments"))[0] === 0);
    expect(await redis.xlen(Streams.paymentCommands)).toBe(0);
    expect(await everythingInRedis()).not.toContain(token);
  });

  it("is redacted in the dead-letter copy of a command that could not be handled", async () => {
    const token = `tok_${randomUUID()}`;
    const orderId = randomUUID();
    // A lower-case currency never passes the contract: poison, dead-lettered at once.
    const poison = await sendCharge({ orderId, userId: randomUUID(), amountCents: 1_250, currency: "usd", paymentToken: token });
    await waitFor("the dead letter", async () => (await redis.xlen(deadLetterStream(Streams.paymentCommands))) === 1);
    const [[, fields] = ["", []]] = (await redis.xrange(deadLetterStream(Streams.paymentCommands), "-", "+")) as Array<[string, string[]]>;
    expect(fields).toEqual(expect.arrayContaining(["id", poison.id, "type", "ChargePayment", "group", "payments"]));
    expect(JSON.parse(fields[fields.indexOf("payload") + 1]!)).toMatchObject({ orderId, paymentToken: "[redacted]" });
    await waitFor("the command acknowledged", async () => (await redis.xpending(Streams.paymentCommands, "payments"))[0] === 0);
    expect(await everythingInRedis()).not.toContain(token);
  });
});
