import Redis from "ioredis";
import { createLogger } from "../logging";
import { createTestDatabase, startRedisServer, type TestDatabase } from "../testing";
import { waitFor } from "../testing/wait-for";
import { createPrismaClient, type OrdersPrisma } from "../../subgraphs/orders/src/repositories/prisma-client";
import type { OrdersTx } from "../../subgraphs/orders/src/repositories/saga-store";
import { deadLetterStream, enqueue, handleBatchOnce, handleOnce, newMessage, startOutboxRelay, startStreamConsumer, toStreamFields, epochSeenKey, REDIS_EPOCH_KEY, type Message } from ".";
import { orderingKeyOf } from "../shop-messages";

// The outbox relay and the consumer against real PostgreSQL (the orders database has the messaging
// tables) and a Redis database of this file's own.
const logger = createLogger("messaging-test", "silent");
let database: TestDatabase;
let prisma: OrdersPrisma;
let redis: Redis;

beforeAll(async () => {
  database = await createTestDatabase("orders");
  prisma = createPrismaClient(database.url);
  redis = new Redis("redis://127.0.0.1:6379/8", { maxRetriesPerRequest: 1 });
  await redis.flushdb();
});

afterAll(async () => {
  await redis?.flushdb();
  redis?.disconnect();
  await prisma?.$disconnect();
  await database?.drop();
});

const streamEntries = async (stream: string) => (await redis.xrange(stream, "-", "+")).map(([, fields]) => fields);

describe("the outbox relay", () => {
  it("publishes committed messages once, and nothing that was rolled back", async () => {
    const stream = "test:relay";
    const kept = newMessage(stream, "Kept", { n: 1 });
    await prisma.$transaction((tx) => enqueue(tx, [kept]));
    await prisma.$transaction(async (tx) => {
      await enqueue(tx, [newMessage(stream, "RolledBack", { n: 2 })]);
      throw new Error("roll back");
    }).catch(() => undefined);
    const relay = startOutboxRelay({ service: "test", db: prisma, redis, logger, pollIntervalMs: 20 });
    try {
      await waitFor("the message on the stream", async () => ((await streamEntries(stream)).length === 1));
      await relay.publishPending();
      expect((await streamEntries(stream)).map((fields) => fields[3])).toEqual(["Kept"]);
      const [row] = await prisma.outboxMessage.findMany({ where: { id: kept.id } });
      expect(row?.publishedAt).not.toBeNull();
    } finally {
      await relay.stop();
    }
  });

  it("caps a fan-out stream at its length (MAXLEN ~) and leaves the others uncapped", async () => {
    const [capped, uncapped] = ["test:fan-out", "test:uncapped"];
    const messages = Array.from({ length: 600 }, (_, n) => [newMessage(capped, "Changed", { n }), newMessage(uncapped, "Work", { n })]).flat();
    await prisma.$transaction((tx) => enqueue(tx, messages));
    const maxLengthOf = (stream: string) => (stream === capped ? 100 : undefined);
    const relay = startOutboxRelay({ service: "test", db: prisma, redis, logger, pollIntervalMs: 20, maxLengthOf });
    try {
      await waitFor("every message published", async () => (await redis.xlen(uncapped)) === 600);
      await relay.publishPending();
      // Approximate: whole radix-tree nodes (100 entries by default) go, so at least the cap stays and far less than all.
      const length = await redis.xlen(capped);
      expect(length).toBeGreaterThanOrEqual(100);
      expect(length).toBeLessThanOrEqual(200);
      const [[, newest] = []] = (await redis.xrevrange(capped, "+", "-", "COUNT", 1)) as Array<[string, string[]]>;
      expect(JSON.parse(newest![5]!)).toEqual({ n: 599 });
    } finally {
      await relay.stop();
    }
  });

  it("sends recent messages again when Redis has lost its data", async () => {
    const stream = "test:replay";
    await prisma.$transaction((tx) => enqueue(tx, [newMessage(stream, "Replayed", {})]));
    const relay = startOutboxRelay({ service: "test", db: prisma, redis, logger, pollIntervalMs: 20 });
    try {
      await waitFor("the first publication", async () => ((await streamEntries(stream)).length === 1));
      await redis.flushdb(); // what a restart without persistence leaves
      await waitFor("the message published again", async () => ((await streamEntries(stream)).length >= 1));
      expect(await redis.get(REDIS_EPOCH_KEY)).not.toBeNull();
    } finally {
      await relay.stop();
    }
  });

  it("publishes at once when a transaction that wrote to the outbox commits, without waiting for a poll", async () => {
    const stream = "test:notified";
    // A poll an hour away. Besides commit notifications the relay publishes in one round at its start and one
    // when its listener connects; each message is committed after the one before came out, so at least one
    // of three can only have been announced by its commit.
    const relay = startOutboxRelay({ service: "notify-test", db: prisma, redis, logger, pollIntervalMs: 3_600_000, databaseUrl: database.url });
    try {
      const committed: Message[] = [];
      for (const type of ["First", "Second", "Third"]) {
        const message = newMessage(stream, type, {});
        await prisma.$transaction((tx) => enqueue(tx, [message]));
        committed.push(message);
        await waitFor(`the ${type} message on the stream`, async () => (await streamEntries(stream)).length === committed.length, 5_000);
      }
      const rows = await prisma.outboxMessage.findMany({ where: { id: { in: committed.map((message) => message.id) } } });
      expect(rows.map((row) => row.publishedAt)).not.toContain(null);
    } finally {
      await relay.stop();
    }
  });

  it("sends nothing again when only the relay's process restarted and Redis kept its data", async () => {
    const stream = "test:restart";
    await prisma.$transaction((tx) => enqueue(tx, [newMessage(stream, "Once", {})]));
    const first = startOutboxRelay({ service: "restart-test", db: prisma, redis, logger, pollIntervalMs: 20 });
    await waitFor("the first publication", async () => ((await streamEntries(stream)).length === 1));
    await first.stop();
    const restarted = startOutboxRelay({ service: "restart-test", db: prisma, redis, logger, pollIntervalMs: 20 });
    try {
      await restarted.publishPending();
      expect(await streamEntries(stream)).toHaveLength(1);
      expect(await redis.get(epochSeenKey("restart-test"))).toBe(await redis.get(REDIS_EPOCH_KEY));
    } finally {
      await restarted.stop();
    }
  });
});

describe("the stream consumer", () => {
  it("handles each message once even when it is delivered twice, and acknowledges it", async () => {
    const stream = "test:once";
    const message = newMessage(stream, "Count", {});
    await redis.xadd(stream, "*", ...toStreamFields(message));
    await redis.xadd(stream, "*", ...toStreamFields(message)); // a duplicate delivery (relay crashed before mark-sent)
    const effects: string[] = [];
    const consumer = startStreamConsumer({
      redis, stream, group: "g", consumer: "c1", logger, blockMs: 100,
      handle: async (received) => {
        const applied = await handleOnce(prisma, "test-once", received, async () => []);
        if (applied) effects.push(received.id);
      },
    });
    try {
      await waitFor("both entries acknowledged", async () => ((await redis.xpending(stream, "g"))[0] === 0 && effects.length === 1));
      expect(effects).toEqual([message.id]);
    } finally {
      await consumer.stop();
    }
  });

  it("retries a failing message and dead-letters it after the last delivery", async () => {
    const stream = "test:poison";
    const message = newMessage(stream, "AlwaysFails", {});
    await redis.xadd(stream, "*", ...toStreamFields(message));
    let attempts = 0;
    const deadLettered: Array<Message | null> = [];
    const consumer = startStreamConsumer({
      redis, stream, group: "g", consumer: "c1", logger, blockMs: 100, claimIdleMs: 100, maxDeliveries: 3,
      handle: async () => {
        attempts += 1;
        throw new Error("broken");
      },
      onDeadLetter: async (dead) => {
        deadLettered.push(dead);
      },
    });
    try {
      await waitFor("the dead letter", async () => (deadLettered.length === 1));
      expect(attempts).toBe(3);
      expect(deadLettered[0]?.id).toBe(message.id);
      expect(await redis.xlen(deadLetterStream(stream))).toBe(1);
      expect((await redis.xpending(stream, "g"))[0]).toBe(0);
    } finally {
      await consumer.stop();
    }
  });

  it("dead-letters an unreadable entry at once", async () => {
    const stream = "test:garbage";
    await redis.xadd(stream, "*", "id", "x", "type", "T", "payload", "{not json");
    const consumer = startStreamConsumer({ redis, stream, group: "g", consumer: "c1", logger, blockMs: 100, handle: async () => {} });
    try {
      await waitFor("the dead letter", async () => ((await redis.xlen(deadLetterStream(stream))) === 1));
    } finally {
      await consumer.stop();
    }
  });

  it("finishes its own pending entries after a restart, and another consumer claims what a dead one left", async () => {
    const stream = "test:crash";
    const message = newMessage(stream, "Work", {});
    await redis.xgroup("CREATE", stream, "g", "0", "MKSTREAM");
    await redis.xadd(stream, "*", ...toStreamFields(message));
    // A consumer that read the entry and died before acknowledging it.
    await redis.xreadgroup("GROUP", "g", "dead-consumer", "COUNT", 1, "STREAMS", stream, ">");
    const handled: string[] = [];
    const survivor = startStreamConsumer({
      redis, stream, group: "g", consumer: "survivor", logger, blockMs: 100, claimIdleMs: 200,
      handle: async (received) => {
        handled.push(received.id);
      },
    });
    try {
      await waitFor("the claimed entry", async () => (handled.length === 1));
      expect(handled).toEqual([message.id]);
    } finally {
      await survivor.stop();
    }
  });

  it("commits a batch in one transaction, keeps each order's messages in order, and lets a poison message fail alone", async () => {
    const stream = "test:batches";
    const orders = ["a", "b", "c", "d", "e"];
    const published: Message[] = [];
    for (let step = 0; step < 4; step += 1) {
      for (const orderId of orders) published.push(newMessage(stream, step === 2 && orderId === "c" ? "Poison" : "Step", { orderId, step }));
    }
    published.push(published[0]!); // the relay sent one message twice
    for (const message of published) await redis.xadd(stream, "*", ...toStreamFields(message));
    const applied: Array<{ orderId: string; step: number }> = [];
    const batchSizes: number[] = [];
    const consumer = startStreamConsumer({
      redis, stream, group: "g", consumer: "c1", logger, blockMs: 100, batchSize: 100, concurrency: 4,
      orderingKey: orderingKeyOf,
      prepare: async (received: Message) => async (tx: OrdersTx) => {
        // Inside the batch's transaction: the poison message throws there, so its whole batch rolls back first.
        if (received.type === "Poison") throw new Error("cannot apply");
        await tx.$executeRawUnsafe("SELECT 1");
        applied.push(received.payload as { orderId: string; step: number });
        return [];
      },
      commit: async (batch) => {
        batchSizes.push(batch.length);
        const appliedBefore = applied.length;
        try {
          await handleBatchOnce(prisma, "test-batches", batch);
        } catch (error) {
          applied.length = appliedBefore; // rolled back: not applied
          throw error;
        }
      },
    });
    try {
      await waitFor("everything but the poison message acknowledged", async () => ((await redis.xpending(stream, "g"))[0] === 1));
      const stepsOf = (orderId: string) => applied.filter((effect) => effect.orderId === orderId).map((effect) => effect.step);
      expect(Object.fromEntries(orders.map((orderId) => [orderId, stepsOf(orderId)]))).toEqual({ a: [0, 1, 2, 3], b: [0, 1, 2, 3], c: [0, 1, 3], d: [0, 1, 2, 3], e: [0, 1, 2, 3] });
      // Waves of five (one entry per order); the wave with the poison message is retried one by one.
      expect(batchSizes.slice(0, 3)).toEqual([5, 5, 5]);
      expect(batchSizes).toContain(1);
    } finally {
      await consumer.stop();
    }
  });

  it("commits batches of batchSize side by side, up to concurrency at once", async () => {
    const stream = "test:small-batches";
    for (const orderId of ["a", "b", "c", "d", "e", "f"]) await redis.xadd(stream, "*", ...toStreamFields(newMessage(stream, "Step", { orderId })));
    const batchSizes: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const consumer = startStreamConsumer({
      redis, stream, group: "g", consumer: "c1", logger, blockMs: 100, batchSize: 2, concurrency: 3,
      orderingKey: orderingKeyOf,
      prepare: async (received: Message) => received.id,
      commit: async (batch) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 50));
        batchSizes.push(batch.length);
        inFlight -= 1;
      },
    });
    try {
      await waitFor("all six acknowledged", async () => batchSizes.length === 3 && (await redis.xpending(stream, "g"))[0] === 0);
      expect(batchSizes).toEqual([2, 2, 2]);
      expect(mostInFlight).toBe(3);
    } finally {
      await consumer.stop();
    }
  });

  it("stops within its stop timeout when its Redis is gone", async () => {
    const server = await startRedisServer();
    const own = new Redis(server.url, { maxRetriesPerRequest: 1 });
    const consumer = startStreamConsumer({ redis: own, stream: "test:gone", group: "g", consumer: "c1", logger, blockMs: 60_000, stopTimeoutMs: 1_000, handle: async () => {} });
    try {
      await waitFor("the group", async () => (await own.exists("test:gone")) === 1);
      await server.stop();
      const stopped = consumer.stop().then(() => "stopped");
      const late = new Promise((resolve) => setTimeout(resolve, 3_000, "still waiting").unref());
      expect(await Promise.race([stopped, late])).toBe("stopped");
    } finally {
      own.disconnect();
      await server.stop();
    }
  });

  it("keeps an entry it is still handling from being claimed by another consumer", async () => {
    const stream = "test:slow";
    await redis.xadd(stream, "*", ...toStreamFields(newMessage(stream, "Slow", { orderId: "a" })));
    const handledBy: string[] = [];
    const slowConsumer = (name: string) =>
      startStreamConsumer({
        redis, stream, group: "g", consumer: name, logger, blockMs: 50, claimIdleMs: 200,
        handle: async () => {
          handledBy.push(name);
          // Four times the claim idle time, as a batch waiting on a slow payment provider may take.
          await new Promise((resolve) => setTimeout(resolve, 800));
        },
      });
    const first = slowConsumer("c1");
    await waitFor("the first consumer to take the entry", async () => handledBy.length === 1);
    const second = slowConsumer("c2");
    try {
      await waitFor("the entry acknowledged", async () => (await redis.xpending(stream, "g"))[0] === 0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(handledBy).toEqual(["c1"]);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it("handles one order's messages in stream order while other orders' messages run beside them", async () => {
    const stream = "test:lanes";
    const orders = ["a", "b", "c", "d"];
    for (let step = 0; step < 3; step += 1) {
      for (const orderId of orders) await redis.xadd(stream, "*", ...toStreamFields(newMessage(stream, "Step", { orderId, step })));
    }
    const seen = new Map<string, number[]>();
    let running = 0;
    let mostAtOnce = 0;
    const consumer = startStreamConsumer({
      redis, stream, group: "g", consumer: "c1", logger, blockMs: 100, concurrency: 4,
      orderingKey: orderingKeyOf,
      handle: async (received) => {
        const { orderId, step } = received.payload as { orderId: string; step: number };
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        // Later steps finish sooner: were a key's messages handled side by side, they would land out of order.
        await new Promise((resolve) => setTimeout(resolve, 60 - step * 20));
        seen.set(orderId, [...(seen.get(orderId) ?? []), step]);
        running -= 1;
      },
    });
    try {
      await waitFor("all twelve messages", async () => ([...seen.values()].flat().length === 12));
      expect(Object.fromEntries(seen)).toEqual({ a: [0, 1, 2], b: [0, 1, 2], c: [0, 1, 2], d: [0, 1, 2] });
      expect(mostAtOnce).toBe(4);
      expect((await redis.xpending(stream, "g"))[0]).toBe(0);
    } finally {
      await consumer.stop();
    }
  });
});
