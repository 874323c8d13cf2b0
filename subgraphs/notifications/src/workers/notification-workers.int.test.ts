import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { createLogger } from "../../../../packages/logging";
import { deadLetterStream, fromStreamFields, newMessage, toStreamFields, workerSettingsFrom, type Message } from "../../../../packages/messaging";
import { Streams, MESSAGE_TYPES } from "../../../../packages/shop-messages";
import { createTestDatabase, waitFor, type TestDatabase } from "../../../../packages/testing";
import type { Notification } from "../repositories/notification-repository";
import { createPrismaClient, type NotificationsPrisma } from "../repositories/prisma-client";
import { startWorkers } from ".";

// Redis logical database 6 belongs to this file: other test files use the same Redis in parallel.
const REDIS_URL = "redis://127.0.0.1:6379/6";

let database: TestDatabase;
let prisma: NotificationsPrisma;
let redis: Redis;
let stopWorkers: (() => Promise<void>) | undefined;

beforeAll(async () => {
  database = await createTestDatabase("notifications");
  prisma = createPrismaClient(database.url);
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  await redis.flushdb();
  stopWorkers = startWorkers({
    prisma,
    redis,
    logger: createLogger("notifications", "silent"),
    settings: { ...workerSettingsFrom({}, "notifications", MESSAGE_TYPES), consumerName: "notifications-test", claimIdleMs: 200, blockMs: 100 },
  });
});

afterAll(async () => {
  await stopWorkers?.();
  await redis?.flushdb();
  redis?.disconnect();
  await prisma?.$disconnect();
  await database?.drop();
});

async function publish(stream: string, type: string, payload: unknown, message: Message = newMessage(stream, type, payload)): Promise<Message> {
  await redis.xadd(stream, "*", ...toStreamFields(message));
  return message;
}

const orderEvent = (userId: string, status: string, orderId = randomUUID()) =>
  publish(Streams.orderEvents, "OrderStatusChanged", { orderId, userId, status, totalCents: 2_500, currency: "USD", reason: null });

/** Polls until the user has `count` notifications (bounded: 10 s), oldest first. */
async function waitForNotifications(userId: string, count: number): Promise<Notification[]> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    const notifications = await prisma.notification.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
    if (notifications.length >= count) return notifications;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`user ${userId} did not get ${count} notifications within 10 s`);
}

/** Polls until the group has read and acknowledged every entry of the stream (bounded: 10 s). */
async function waitUntilConsumed(stream: string, group: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    const [[lastId] = []] = (await redis.xrevrange(stream, "+", "-", "COUNT", 1)) as Array<[string, string[]]>;
    const groups = (await redis.xinfo("GROUPS", stream)) as unknown[][];
    const info = groups.map((fields) => Object.fromEntries(pairs(fields))).find((fields) => fields.name === group);
    if (info?.["last-delivered-id"] === lastId && info?.pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`group ${group} did not consume ${stream} within 10 s`);
}

/** XINFO answers flat [name, value, name, value, ...] lists. */
function pairs(fields: unknown[]): Array<[string, unknown]> {
  const result: Array<[string, unknown]> = [];
  for (let index = 0; index + 1 < fields.length; index += 2) result.push([String(fields[index]), fields[index + 1]]);
  return result;
}

describe("order events", () => {
  it("tell the order's user about each status, from the event that caused it", async () => {
    const userId = randomUUID();
    const orderId = randomUUID();
    const events: Message[] = [];
    for (const status of ["CONFIRMED", "SHIPPED", "DELIVERED"]) events.push(await orderEvent(userId, status, orderId));
    const notifications = await waitForNotifications(userId, 3);
    expect(notifications.map((notification) => [notification.kind, notification.orderId, notification.sourceEventId])).toEqual(
      expect.arrayContaining([
        ["ORDER_CONFIRMED", orderId, events[0]!.id],
        ["ORDER_SHIPPED", orderId, events[1]!.id],
        ["ORDER_DELIVERED", orderId, events[2]!.id],
      ]),
    );
    expect(notifications.find((notification) => notification.kind === "ORDER_CONFIRMED")?.body).toContain("for $25.00 is confirmed");
  });

  it.each([
    ["FAILED", "ORDER_FAILED", "Your order could not be placed"],
    ["CANCELLED", "ORDER_CANCELLED", "Your order was cancelled"],
  ])("turn %s into %s", async (status, kind, title) => {
    const userId = randomUUID();
    await orderEvent(userId, status);
    const [notification] = await waitForNotifications(userId, 1);
    expect(notification).toMatchObject({ kind, title, readAt: null });
  });

  it("notify once per event: a redelivered event makes no second notification", async () => {
    const userId = randomUUID();
    const event = await orderEvent(userId, "CONFIRMED");
    await publish(Streams.orderEvents, event.type, event.payload, event);
    await waitUntilConsumed(Streams.orderEvents, "notifications");
    expect(await prisma.notification.count({ where: { userId } })).toBe(1);
    expect(await prisma.processedMessage.count({ where: { messageId: event.id } })).toBe(1);
  });

  it("dead-letter a malformed event without notifying anyone, and go on with the next", async () => {
    const userId = randomUUID();
    const poison = await publish(Streams.orderEvents, "OrderStatusChanged", { orderId: randomUUID(), userId, status: "LOST" });
    await orderEvent(userId, "CONFIRMED");
    const [notification] = await waitForNotifications(userId, 1);
    expect(notification?.kind).toBe("ORDER_CONFIRMED");
    const deadLetters = ((await redis.xrange(deadLetterStream(Streams.orderEvents), "-", "+")) as Array<[string, string[]]>).map(([, fields]) =>
      fromStreamFields(Streams.orderEvents, fields),
    );
    expect(deadLetters.map((message) => message.id)).toContain(poison.id);
    await waitUntilConsumed(Streams.orderEvents, "notifications");
    expect(await prisma.notification.count({ where: { userId } })).toBe(1);
  });
});

/** The NotificationCreated announcements on the live-updates stream that `matches` picks, once there is one (bounded). */
function announcedWhere(matches: (payload: { userId: string | null; notificationId: string }) => boolean): Promise<Message[]> {
  return waitFor("a NotificationCreated announcement", async () => {
    const entries = (await redis.xrange(Streams.liveUpdates, "-", "+")) as Array<[string, string[]]>;
    const announced = entries
      .map(([, fields]) => fromStreamFields(Streams.liveUpdates, fields))
      .filter((message) => message.type === "NotificationCreated" && matches(message.payload as { userId: string | null; notificationId: string }));
    return announced.length > 0 ? announced : null;
  });
}

describe("live updates", () => {
  it("announce each new notification once, with its id and user, caused by the event", async () => {
    const userId = randomUUID();
    const event = await orderEvent(userId, "CONFIRMED");
    await publish(Streams.orderEvents, event.type, event.payload, event); // redelivered: no second notification, no second announcement
    const [notification] = await waitForNotifications(userId, 1);
    await waitUntilConsumed(Streams.orderEvents, "notifications");
    const announced = await announcedWhere((payload) => payload.userId === userId);
    expect(announced.map((message) => message.payload)).toEqual([{ notificationId: notification!.id, userId, audience: null }]);
    expect(announced[0]!.headers).toMatchObject({ causationId: event.id });
  });
});

describe("user events", () => {
  it("welcome a new user once, by name", async () => {
    const userId = randomUUID();
    const event = await publish(Streams.userEvents, "UserSignedUp", { userId, name: "Hana" });
    await publish(Streams.userEvents, event.type, event.payload, event);
    const [welcome] = await waitForNotifications(userId, 1);
    expect(welcome).toMatchObject({ kind: "WELCOME", title: "Welcome, Hana!", orderId: null, sourceEventId: event.id });
    await waitUntilConsumed(Streams.userEvents, "notifications");
    expect(await prisma.notification.count({ where: { userId } })).toBe(1);
  });
});

describe("inventory events", () => {
  it("tell the admins once about a product under the low-stock threshold: one row for the ADMIN audience", async () => {
    const productId = randomUUID();
    const event = await publish(Streams.inventoryEvents, "LowStock", { productId, available: 2, threshold: 5 });
    await publish(Streams.inventoryEvents, event.type, event.payload, event);
    await waitUntilConsumed(Streams.inventoryEvents, "notifications");
    const rows = await prisma.notification.findMany({ where: { productId } });
    expect(rows).toEqual([
      expect.objectContaining({
        userId: null,
        audience: "ADMIN",
        kind: "LOW_STOCK",
        sourceEventId: event.id,
        body: `Product ${productId} has 2 units available, under the low-stock threshold of 5. Restock it soon.`,
      }),
    ]);
    // Announced to the audience, so every admin's notificationAdded hears of it.
    const announced = await announcedWhere((payload) => payload.notificationId === rows[0]!.id);
    expect(announced.map((message) => message.payload)).toEqual([{ notificationId: rows[0]!.id, userId: null, audience: "ADMIN" }]);
  });
});
