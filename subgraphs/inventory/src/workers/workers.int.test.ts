import { randomUUID } from "node:crypto";
import type Redis from "ioredis";
import { createLogger } from "../../../../packages/logging";
import { deadLetterStream, handleOnce, newMessage, toStreamFields, type Message } from "../../../../packages/messaging";
import { parseMessage, Streams } from "../../../../packages/shop-messages";
import { createTestDatabase, type TestDatabase } from "../../../../packages/testing";
import { DEFAULT_LOW_STOCK_THRESHOLD } from "../domain/low-stock";
import { createPrismaClient, type InventoryPrisma } from "../repositories/prisma-client";
import { startWorkers } from ".";
import { INVENTORY_CONSUMER } from "./consumer-name";
import { reserveStock } from "./reserve-stock";
import { messagesFor, publish, readEntries, readStream, redisForTest, testWorkerSettings } from "../../../../packages/testing/streams";
import { waitFor } from "../../../../packages/testing/wait-for";

// Redis logical database 3 belongs to this file (other test files use the same Redis in parallel).
const REDIS_DB = 3;

let database: TestDatabase;
let prisma: InventoryPrisma;
let redis: Redis;
let stopWorkers: () => Promise<void>;

beforeAll(async () => {
  database = await createTestDatabase("inventory");
  prisma = createPrismaClient(database.url);
  redis = redisForTest(REDIS_DB);
  await redis.flushdb();
  stopWorkers = startWorkers({ prisma, redis, logger: createLogger("inventory", "silent"), settings: testWorkerSettings("inventory") });
});

afterAll(async () => {
  await stopWorkers?.();
  await redis?.flushdb();
  redis?.disconnect();
  await prisma?.$disconnect();
  await database?.drop();
});

const headers = { correlationId: "checkout-42", traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };

function reserve(orderId: string, lines: Array<{ productId: string; quantity: number }>) {
  return newMessage(Streams.inventoryCommands, "ReserveStock", { orderId, lines }, headers);
}
const release = (orderId: string) => newMessage(Streams.inventoryCommands, "ReleaseStock", { orderId }, headers);
const shipment = (orderId: string, status: string) =>
  newMessage(Streams.shipmentEvents, "ShipmentStatusChanged", { orderId, shipmentId: randomUUID(), status });

async function stocked(onHand: number, reserved = 0): Promise<string> {
  const productId = randomUUID();
  await prisma.stockLevel.create({ data: { productId, onHand, reserved } });
  return productId;
}

const stockOf = (productId: string) => prisma.stockLevel.findUniqueOrThrow({ where: { productId }, select: { onHand: true, reserved: true } });
const reservationsOf = (orderId: string) =>
  prisma.stockReservation.findMany({ where: { orderId }, select: { productId: true, quantity: true, status: true }, orderBy: { productId: "asc" } });

const replies = (orderId: string) => messagesFor(redis, Streams.sagaReplies, orderId);

/** Waits until the order has `count` replies on the saga-replies stream and returns them. */
function waitForReplies(orderId: string, count = 1): Promise<Message[]> {
  return waitFor(`${count} replies for order ${orderId}`, async () => {
    const found = await replies(orderId);
    return found.length >= count ? found : null;
  });
}

/**
 * Commands are handled in stream order by the one consumer: once a later command's reply is out, every
 * earlier entry was handled too. This is how the tests know that a duplicate changed nothing.
 */
async function drainCommands(): Promise<void> {
  const orderId = randomUUID();
  await publish(redis, release(orderId));
  await waitForReplies(orderId);
}

describe("ReserveStock", () => {
  it("reserves every line, replies StockReserved with the command's headers, and records the reservations", async () => {
    const [mug, kettle] = [await stocked(10), await stocked(5, 1)];
    const orderId = randomUUID();
    await publish(redis, reserve(orderId, [{ productId: mug, quantity: 3 }, { productId: kettle, quantity: 4 }]));
    const [reply] = await waitForReplies(orderId);
    expect(reply).toMatchObject({ type: "StockReserved", payload: { orderId }, headers });
    expect(await stockOf(mug)).toEqual({ onHand: 10, reserved: 3 });
    expect(await stockOf(kettle)).toEqual({ onHand: 5, reserved: 5 });
    expect(await reservationsOf(orderId)).toEqual(
      [
        { productId: mug, quantity: 3, status: "RESERVED" },
        { productId: kettle, quantity: 4, status: "RESERVED" },
      ].sort((a, b) => a.productId.localeCompare(b.productId)),
    );
  });

  it("rejects a multi-line order with one short line and holds none of its lines", async () => {
    const [plenty, scarce] = [await stocked(50), await stocked(3, 1)];
    const neverStocked = randomUUID();
    const orderId = randomUUID();
    await publish(
      redis,
      reserve(orderId, [
        { productId: plenty, quantity: 5 },
        { productId: scarce, quantity: 3 },
        { productId: neverStocked, quantity: 1 },
      ]),
    );
    const [reply] = await waitForReplies(orderId);
    expect(reply).toMatchObject({ type: "StockRejected", payload: { orderId } });
    const { reason } = parseMessage(reply!, ["StockRejected"]).payload;
    expect(reason).toContain(`not enough stock for ${scarce}: 2 available, 3 asked`);
    expect(reason).toContain(`not enough stock for ${neverStocked}: 0 available, 1 asked`);
    expect(reason).not.toContain(plenty);
    expect(await stockOf(plenty)).toEqual({ onHand: 50, reserved: 0 });
    expect(await stockOf(scarce)).toEqual({ onHand: 3, reserved: 1 });
    expect(await reservationsOf(orderId)).toEqual([]);
  });

  it("adds up two lines of the same product into one reservation", async () => {
    const productId = await stocked(4);
    const orderId = randomUUID();
    await publish(redis, reserve(orderId, [{ productId, quantity: 1 }, { productId: productId.toUpperCase(), quantity: 2 }]));
    expect((await waitForReplies(orderId))[0]?.type).toBe("StockReserved");
    expect(await reservationsOf(orderId)).toEqual([{ productId, quantity: 3, status: "RESERVED" }]);
    expect(await stockOf(productId)).toEqual({ onHand: 4, reserved: 3 });
  });

  it("handles a message delivered twice once: one reservation, one reply", async () => {
    const productId = await stocked(10);
    const orderId = randomUUID();
    const command = reserve(orderId, [{ productId, quantity: 2 }]);
    await publish(redis, command);
    await publish(redis, command);
    await drainCommands();
    expect((await replies(orderId)).map((reply) => reply.type)).toEqual(["StockReserved"]);
    expect(await stockOf(productId)).toEqual({ onHand: 10, reserved: 2 });
    expect(await prisma.processedMessage.count({ where: { messageId: command.id } })).toBe(1);
  });

  it("answers a re-sent command (new message id, same order) from the first reservation without reserving again", async () => {
    const productId = await stocked(10);
    const orderId = randomUUID();
    await publish(redis, reserve(orderId, [{ productId, quantity: 2 }]));
    await waitForReplies(orderId);
    await publish(redis, reserve(orderId, [{ productId, quantity: 2 }]));
    const both = await waitForReplies(orderId, 2);
    expect(both.map((reply) => reply.type)).toEqual(["StockReserved", "StockReserved"]);
    expect(await stockOf(productId)).toEqual({ onHand: 10, reserved: 2 });
    expect(await reservationsOf(orderId)).toHaveLength(1);
  });

  it("reserves once when re-sent copies of a command are handled concurrently", async () => {
    const productId = await stocked(10);
    const orderId = randomUUID();
    const copies = Array.from({ length: 5 }, () => parseMessage(reserve(orderId, [{ productId, quantity: 3 }]), ["ReserveStock"]));
    await Promise.all(copies.map((copy) => handleOnce(prisma, INVENTORY_CONSUMER, copy, reserveStock(copy, DEFAULT_LOW_STOCK_THRESHOLD))));
    expect(await stockOf(productId)).toEqual({ onHand: 10, reserved: 3 });
    const answers = await prisma.outboxMessage.findMany({ where: { payload: { path: ["orderId"], equals: orderId } } });
    expect(answers.map((answer) => answer.type)).toEqual(Array(5).fill("StockReserved"));
  });
});

describe("LowStock", () => {
  const lowStockOf = async (productId: string) =>
    (await prisma.outboxMessage.findMany({ where: { type: "LowStock", payload: { path: ["productId"], equals: productId } } })).map((row) => ({
      stream: row.stream,
      payload: row.payload,
    }));

  it("is written with the reservation that takes a product under the threshold, once per crossing, and published", async () => {
    const productId = await stocked(7, 1); // 6 available, threshold 5 by default
    const first = randomUUID();
    await publish(redis, reserve(first, [{ productId, quantity: 2 }]));
    await waitForReplies(first);
    expect(await lowStockOf(productId)).toEqual([{ stream: Streams.inventoryEvents, payload: { productId, available: 4, threshold: 5 } }]);
    // Already under the threshold: a further reservation tells nobody again.
    const second = randomUUID();
    await publish(redis, reserve(second, [{ productId, quantity: 1 }]));
    await waitForReplies(second);
    expect(await lowStockOf(productId)).toHaveLength(1);
    const published = await waitFor("the LowStock event on its stream", async () => {
      const entries = await readStream(redis, Streams.inventoryEvents);
      return entries.find((entry) => (entry.payload as { productId?: string } | null)?.productId === productId) ?? null;
    });
    expect(published).toMatchObject({ type: "LowStock", headers: expect.objectContaining({ correlationId: headers.correlationId }) });
  });

  it("is not written for a rejected reservation, nor for a redelivered one", async () => {
    const productId = await stocked(5);
    await publish(redis, reserve(randomUUID(), [{ productId, quantity: 6 }]));
    const orderId = randomUUID();
    const command = reserve(orderId, [{ productId, quantity: 1 }]);
    await publish(redis, command);
    await publish(redis, command);
    await drainCommands();
    expect(await lowStockOf(productId)).toEqual([{ stream: Streams.inventoryEvents, payload: { productId, available: 4, threshold: 5 } }]);
  });

  it("follows the configured threshold", async () => {
    const productId = await stocked(20);
    const command = parseMessage(reserve(randomUUID(), [{ productId, quantity: 5 }]), ["ReserveStock"]);
    await handleOnce(prisma, INVENTORY_CONSUMER, command, reserveStock(command, 16));
    expect(await lowStockOf(productId)).toEqual([{ stream: Streams.inventoryEvents, payload: { productId, available: 15, threshold: 16 } }]);
  });
});

describe("ReleaseStock", () => {
  it("puts the held units back on sale, once, and always replies StockReleased", async () => {
    const productId = await stocked(6);
    const orderId = randomUUID();
    await publish(redis, reserve(orderId, [{ productId, quantity: 4 }]));
    await waitForReplies(orderId);
    await publish(redis, release(orderId));
    await publish(redis, release(orderId));
    const all = await waitForReplies(orderId, 3);
    expect(all.map((reply) => reply.type)).toEqual(["StockReserved", "StockReleased", "StockReleased"]);
    // The standard headers of a message caused by the command: its chain, with the command as the cause.
    expect(all[1]?.headers).toEqual({ requestId: headers.correlationId, ...headers, causationId: expect.any(String) });
    expect(await stockOf(productId)).toEqual({ onHand: 6, reserved: 0 });
    expect(await reservationsOf(orderId)).toEqual([{ productId, quantity: 4, status: "RELEASED" }]);
  });

  it("replies StockReleased for an order that holds nothing", async () => {
    const orderId = randomUUID();
    await publish(redis, release(orderId));
    expect((await waitForReplies(orderId)).map((reply) => reply.type)).toEqual(["StockReleased"]);
  });

  it("does not hold released stock again for a late ReserveStock of the same order", async () => {
    const productId = await stocked(6);
    const orderId = randomUUID();
    await publish(redis, reserve(orderId, [{ productId, quantity: 4 }]));
    await publish(redis, release(orderId));
    await publish(redis, reserve(orderId, [{ productId, quantity: 4 }]));
    const all = await waitForReplies(orderId, 3);
    expect(all.map((reply) => reply.type)).toEqual(["StockReserved", "StockReleased", "StockRejected"]);
    expect(await stockOf(productId)).toEqual({ onHand: 6, reserved: 0 });
  });
});

describe("ShipmentStatusChanged", () => {
  /** Events are handled in order too: once a later shipment's stock is committed, the earlier events were handled. */
  async function drainEvents(): Promise<void> {
    const productId = await stocked(1);
    const orderId = randomUUID();
    await publish(redis, reserve(orderId, [{ productId, quantity: 1 }]));
    await waitForReplies(orderId);
    await publish(redis, shipment(orderId, "SHIPPED"));
    await waitFor("the sentinel shipment's stock to leave", async () => (await stockOf(productId)).onHand === 0);
  }

  it("takes a shipped order's units off the shelf once; later statuses and copies change nothing", async () => {
    const productId = await stocked(10, 2);
    const orderId = randomUUID();
    await publish(redis, reserve(orderId, [{ productId, quantity: 3 }]));
    await waitForReplies(orderId);
    const shipped = shipment(orderId, "SHIPPED");
    await publish(redis, shipped);
    await waitFor("the reservation to be committed", async () => (await reservationsOf(orderId))[0]?.status === "COMMITTED");
    expect(await stockOf(productId)).toEqual({ onHand: 7, reserved: 2 });

    await publish(redis, shipped);
    await publish(redis, shipment(orderId, "SHIPPED"));
    await publish(redis, shipment(orderId, "IN_TRANSIT"));
    await publish(redis, shipment(orderId, "DELIVERED"));
    await drainEvents();
    expect(await stockOf(productId)).toEqual({ onHand: 7, reserved: 2 });
    // No reply: events are not commands. A late ReleaseStock cannot put shipped units back either.
    await publish(redis, release(orderId));
    await waitForReplies(orderId, 2);
    expect(await stockOf(productId)).toEqual({ onHand: 7, reserved: 2 });
    expect((await replies(orderId)).map((reply) => reply.type)).toEqual(["StockReserved", "StockReleased"]);
  });
});

describe("poison and failing messages", () => {
  it("moves a malformed command to the dead-letter stream and answers StepAbandoned", async () => {
    const orderId = randomUUID();
    const poison = newMessage(Streams.inventoryCommands, "ReserveStock", { orderId, lines: [] }, headers);
    await publish(redis, poison);
    const [abandoned] = await waitForReplies(orderId);
    expect(abandoned).toMatchObject({ type: "StepAbandoned", payload: { orderId, command: "ReserveStock" }, headers });
    const deadLetters = await readEntries(redis, deadLetterStream(Streams.inventoryCommands));
    expect(deadLetters.find((entry) => entry.id === poison.id)).toMatchObject({ type: "ReserveStock", group: "inventory", reason: expect.stringContaining("invalid ReserveStock payload") });
  });

  it("dead-letters a command type inventory does not handle", async () => {
    const orderId = randomUUID();
    await publish(redis, newMessage(Streams.inventoryCommands, "ChargePayment", { orderId }, headers));
    const [abandoned] = await waitForReplies(orderId);
    expect(abandoned).toMatchObject({ type: "StepAbandoned", payload: { orderId, command: "ChargePayment", reason: "unexpected message type ChargePayment" } });
  });

  it("dead-letters a message whose id is not a UUID at once, changing nothing", async () => {
    const productId = await stocked(5);
    const orderId = randomUUID();
    // Its id could never be recorded as processed, so it is unreadable, not worth retrying.
    const unreadable: Message = { ...reserve(orderId, [{ productId, quantity: 1 }]), id: "not-a-uuid" };
    const entryId = await redis.xadd(unreadable.stream, "*", ...toStreamFields(unreadable));
    await waitFor("the entry in the dead-letter stream", async () =>
      (await readEntries(redis, deadLetterStream(Streams.inventoryCommands))).find((entry) => entry.entry === entryId),
    );
    expect(await stockOf(productId)).toEqual({ onHand: 5, reserved: 0 });
    const pending = (await redis.xpending(Streams.inventoryCommands, "inventory")) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });

  it("dead-letters an entry that is not a message at all, without an answer", async () => {
    const entryId = await redis.xadd(Streams.inventoryCommands, "*", "garbage", "1");
    await waitFor("the entry in the dead-letter stream", async () =>
      (await readEntries(redis, deadLetterStream(Streams.inventoryCommands))).find((entry) => entry.entry === entryId),
    );
    await drainCommands();
  });
});

describe("the race for the last units", () => {
  it("reserves exactly the stock among 30 concurrent orders, and the replies say which orders got it", async () => {
    const productId = await stocked(10);
    // 1, 2, 3 units in turn: the ten 1-unit orders make sure the last unit is always taken.
    const orders = Array.from({ length: 30 }, (_, index) => ({ orderId: randomUUID(), quantity: (index % 3) + 1 }));
    const commands = orders.map(({ orderId, quantity }) => parseMessage(reserve(orderId, [{ productId, quantity }]), ["ReserveStock"]));
    await Promise.all(commands.map((command) => handleOnce(prisma, INVENTORY_CONSUMER, command, reserveStock(command, DEFAULT_LOW_STOCK_THRESHOLD))));

    const racing = new Set<string>(orders.map((order) => order.orderId));
    const answers = (await prisma.outboxMessage.findMany({ where: { type: { in: ["StockReserved", "StockRejected"] } } })).filter((answer) =>
      racing.has((answer.payload as { orderId: string }).orderId),
    );
    const answerOf = new Map(answers.map((answer) => [(answer.payload as { orderId: string }).orderId, answer.type]));
    // One answer per order, every order answered.
    expect(answers).toHaveLength(30);
    expect(answerOf.size).toBe(30);
    const winners = orders.filter(({ orderId }) => answerOf.get(orderId) === "StockReserved");
    expect(winners.reduce((sum, order) => sum + order.quantity, 0)).toBe(10);
    expect(await stockOf(productId)).toEqual({ onHand: 10, reserved: 10 });
    const held = await prisma.stockReservation.findMany({ where: { productId } });
    expect(held.map((row) => row.orderId).sort()).toEqual(winners.map((order) => order.orderId).sort());
  });
});
