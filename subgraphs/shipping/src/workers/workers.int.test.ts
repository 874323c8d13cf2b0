import { randomUUID } from "node:crypto";
import type Redis from "ioredis";
import type { Caller } from "../../../../packages/identity";
import { createLogger } from "../../../../packages/logging";
import { deadLetterStream, handleOnce, newMessage, toStreamFields, type Message } from "../../../../packages/messaging";
import { parseMessage, Streams } from "../../../../packages/shop-messages";
import { postSigned, serveSubgraph, type ServedSubgraph } from "../../../../packages/testing";
import { DELIVERY_DAYS } from "../domain/shipment-progress";
import { createPrismaClient, type ShippingPrisma } from "../repositories/prisma-client";
import { changeShipmentIf, createShipment } from "../repositories/shipment-repository";
import { createServer } from "../server";
import { startWorkers } from ".";
import { cancelOrderShipment } from "./cancel-shipment";
import { SHIPPING_CONSUMER } from "./consumer-name";
import { messagesFor, publish, readEntries, redisForTest, testWorkerSettings } from "../../../../packages/testing/streams";
import { waitFor } from "../../../../packages/testing/wait-for";

// Redis logical database 4 belongs to this file (other test files use the same Redis in parallel).
const REDIS_DB = 4;

let subgraph: ServedSubgraph<ShippingPrisma>;
let prisma: ShippingPrisma;
let redis: Redis;
let stopWorkers: () => Promise<void>;

beforeAll(async () => {
  subgraph = await serveSubgraph("shipping", { createPrismaClient, createServer });
  prisma = subgraph.prisma;
  redis = redisForTest(REDIS_DB);
  await redis.flushdb();
  stopWorkers = startWorkers({ prisma, redis, logger: createLogger("shipping", "silent"), settings: testWorkerSettings("shipping") });
});

afterAll(async () => {
  await stopWorkers?.();
  await redis?.flushdb();
  redis?.disconnect();
  await subgraph?.close();
});

const admin: Caller = { userId: randomUUID(), role: "ADMIN" };
const headers = { correlationId: "checkout-7", traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" };
const address = { line1: "1 Main Street", line2: null, city: "Springfield", postalCode: "10001", country: "US" };

const create = (orderId: string) => newMessage(Streams.shippingCommands, "CreateShipment", { orderId, userId: randomUUID(), address }, headers);
const cancel = (orderId: string) => newMessage(Streams.shippingCommands, "CancelShipment", { orderId }, headers);

const replies = (orderId: string) => messagesFor(redis, Streams.sagaReplies, orderId);
const shipmentOf = (orderId: string) => prisma.shipment.findUnique({ where: { orderId } });

function waitForReplies(orderId: string, count = 1): Promise<Message[]> {
  return waitFor(`${count} replies for order ${orderId}`, async () => {
    const found = await replies(orderId);
    return found.length >= count ? found : null;
  });
}

/** The one consumer handles commands in stream order: once a later command is answered, the earlier ones were handled. */
async function drainCommands(): Promise<void> {
  const orderId = randomUUID();
  await publish(redis, cancel(orderId));
  await waitForReplies(orderId);
}

async function shippedShipment(orderId: string) {
  await publish(redis, create(orderId));
  await waitForReplies(orderId);
  await prisma.shipment.update({ where: { orderId }, data: { status: "SHIPPED" } });
}

describe("CreateShipment", () => {
  it("creates a PENDING shipment with an estimated delivery and replies ShipmentCreated with the command's headers", async () => {
    const orderId = randomUUID();
    const before = Date.now();
    await publish(redis, create(orderId));
    const [reply] = await waitForReplies(orderId);
    const shipment = await shipmentOf(orderId);
    expect(reply).toMatchObject({ type: "ShipmentCreated", payload: { orderId, shipmentId: shipment?.id }, headers });
    expect(shipment).toMatchObject({ status: "PENDING", carrier: null, trackingNumber: null, ...address });
    const daysAhead = (shipment!.estimatedDelivery!.getTime() - before) / 86_400_000;
    expect(Math.round(daysAhead)).toBe(DELIVERY_DAYS);
  });

  it("handles a message delivered twice once", async () => {
    const orderId = randomUUID();
    const command = create(orderId);
    await publish(redis, command);
    await publish(redis, command);
    await drainCommands();
    expect((await replies(orderId)).map((reply) => reply.type)).toEqual(["ShipmentCreated"]);
    expect(await prisma.processedMessage.count({ where: { messageId: command.id } })).toBe(1);
  });

  it("answers a re-sent command (new message id) with the first shipment, even after it was cancelled", async () => {
    const orderId = randomUUID();
    await publish(redis, create(orderId));
    await publish(redis, create(orderId));
    await publish(redis, cancel(orderId));
    await publish(redis, create(orderId));
    const all = await waitForReplies(orderId, 4);
    const shipment = await shipmentOf(orderId);
    expect(all.map((reply) => [reply.type, (reply.payload as { shipmentId?: string }).shipmentId])).toEqual([
      ["ShipmentCreated", shipment?.id],
      ["ShipmentCreated", shipment?.id],
      ["ShipmentCancelled", undefined],
      ["ShipmentCreated", shipment?.id],
    ]);
    expect(shipment?.status).toBe("CANCELLED");
    expect(await prisma.shipment.count({ where: { orderId } })).toBe(1);
  });
});

describe("CancelShipment", () => {
  it("cancels a PENDING shipment and replies ShipmentCancelled; again, it changes nothing and replies the same", async () => {
    const orderId = randomUUID();
    await publish(redis, create(orderId));
    await publish(redis, cancel(orderId));
    await publish(redis, cancel(orderId));
    const all = await waitForReplies(orderId, 3);
    expect(all.map((reply) => reply.type)).toEqual(["ShipmentCreated", "ShipmentCancelled", "ShipmentCancelled"]);
    // The standard headers of a message caused by the command: its chain, with the command as the cause.
    expect(all[1]?.headers).toEqual({ requestId: headers.correlationId, ...headers, causationId: expect.any(String) });
    expect((await shipmentOf(orderId))?.status).toBe("CANCELLED");
  });

  it("replies ShipmentCancelled when the order has no shipment", async () => {
    const orderId = randomUUID();
    await publish(redis, cancel(orderId));
    expect((await waitForReplies(orderId)).map((reply) => reply.type)).toEqual(["ShipmentCancelled"]);
    expect(await shipmentOf(orderId)).toBeNull();
  });

  it("answers StepAbandoned for a shipment that has already left, and leaves it as it is", async () => {
    const orderId = randomUUID();
    await shippedShipment(orderId);
    await publish(redis, cancel(orderId));
    const all = await waitForReplies(orderId, 2);
    expect(all[1]).toMatchObject({ type: "StepAbandoned", payload: { orderId, command: "CancelShipment", reason: "shipment already left" }, headers });
    expect((await shipmentOf(orderId))?.status).toBe("SHIPPED");
  });

  it("does not cancel a shipment that an advance shipped while the cancel waited for it", async () => {
    const orderId = randomUUID();
    const shipment = await createShipment(prisma, { orderId, address });
    let cancelling: Promise<boolean> | undefined;
    // The advance holds the shipment's row lock until the cancel is seen waiting for it, then commits.
    await prisma.$transaction(
      async (tx) => {
        await changeShipmentIf(tx, shipment.id, "PENDING", { status: "SHIPPED" });
        const command = parseMessage(cancel(orderId), ["CancelShipment"]);
        cancelling = handleOnce(prisma, SHIPPING_CONSUMER, command, cancelOrderShipment(command));
        await waitFor("the cancel to wait for the shipment's lock", async () => {
          const [waiting] = await prisma.$queryRaw<Array<{ count: number }>>`
            SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
          return (waiting?.count ?? 0) > 0;
        });
      },
      { timeout: 15_000 },
    );
    await cancelling;
    expect((await shipmentOf(orderId))?.status).toBe("SHIPPED");
    const answers = await prisma.outboxMessage.findMany({ where: { payload: { path: ["orderId"], equals: orderId } } });
    expect(answers.map((answer) => [answer.type, answer.payload])).toEqual([
      ["StepAbandoned", { orderId, command: "CancelShipment", reason: "shipment already left" }],
    ]);
  });
});

describe("advanceShipment and the shipment events", () => {
  const ADVANCE = `mutation ($orderId: ID!) { advanceShipment(orderId: $orderId) { id status } }`;

  it("publishes every step's ShipmentStatusChanged on the shipment events stream", async () => {
    const orderId = randomUUID();
    await publish(redis, create(orderId));
    const [created] = await waitForReplies(orderId);
    const shipmentId = (created?.payload as { shipmentId: string }).shipmentId;
    for (let step = 0; step < 3; step += 1) {
      const { body } = await postSigned(subgraph.app.graphqlUrl, ADVANCE, { orderId }, admin);
      expect(body.errors).toBeUndefined();
    }
    const events = await waitFor("three shipment events", async () => {
      const found = await messagesFor(redis, Streams.shipmentEvents, orderId);
      return found.length >= 3 ? found : null;
    });
    expect(events.map((event) => [event.type, event.payload])).toEqual(
      ["SHIPPED", "IN_TRANSIT", "DELIVERED"].map((status) => [
        "ShipmentStatusChanged",
        { orderId, shipmentId, status, carrier: "DHL", trackingNumber: expect.stringMatching(/^JJD\d{16}$/) },
      ]),
    );
  });
});

describe("poison and failing messages", () => {
  it("moves a malformed command to the dead-letter stream and answers StepAbandoned", async () => {
    const orderId = randomUUID();
    const poison = newMessage(Streams.shippingCommands, "CreateShipment", { orderId, userId: randomUUID(), address: { city: "Nowhere" } }, headers);
    await publish(redis, poison);
    const [abandoned] = await waitForReplies(orderId);
    expect(abandoned).toMatchObject({ type: "StepAbandoned", payload: { orderId, command: "CreateShipment" }, headers });
    const deadLetters = await readEntries(redis, deadLetterStream(Streams.shippingCommands));
    expect(deadLetters.find((entry) => entry.id === poison.id)).toMatchObject({ group: "shipping", reason: expect.stringContaining("invalid CreateShipment payload") });
    expect(await shipmentOf(orderId)).toBeNull();
  });

  it("dead-letters a message whose id is not a UUID at once, changing nothing", async () => {
    const orderId = randomUUID();
    const unreadable: Message = { ...create(orderId), id: "not-a-uuid" };
    const entryId = await redis.xadd(unreadable.stream, "*", ...toStreamFields(unreadable));
    await waitFor("the entry in the dead-letter stream", async () =>
      (await readEntries(redis, deadLetterStream(Streams.shippingCommands))).find((entry) => entry.entry === entryId),
    );
    expect(await shipmentOf(orderId)).toBeNull();
    const pending = (await redis.xpending(Streams.shippingCommands, "shipping")) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });
});
