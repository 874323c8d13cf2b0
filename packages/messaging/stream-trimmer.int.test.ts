import Redis from "ioredis";
import { createLogger } from "../logging";
import { startRedisServer, type RedisServerProcess } from "../testing";
import { waitFor } from "../testing/wait-for";
import { acknowledge, newMessage, startParticipant, toStreamFields, trimStream, workerSettingsFrom, type Message } from ".";
import { FAN_OUT_STREAMS, MESSAGE_TYPES, SHOP_TOPOLOGY, Streams } from "../shop-messages";

// The stream trimmer against a Redis of this file's own: it never removes an entry that is pending or
// not yet read by any group, and it keeps streams short while thousands of orders' messages go through.
const logger = createLogger("trimmer-test", "silent");
let server: RedisServerProcess;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

type Entry = [string, string[]];

async function addEntries(stream: string, count: number): Promise<string[]> {
  const pipeline = redis.pipeline();
  for (let index = 0; index < count; index += 1) pipeline.xadd(stream, "*", ...toStreamFields(newMessage(stream, "Work", { index })));
  const results = (await pipeline.exec()) ?? [];
  return results.map(([, id]) => String(id));
}

async function readAs(stream: string, group: string, count: number): Promise<string[]> {
  const reply = (await redis.xreadgroup("GROUP", group, "c1", "COUNT", count, "STREAMS", stream, ">")) as Array<[string, Entry[]]> | null;
  return (reply?.[0]?.[1] ?? []).map(([id]) => id);
}

const idsIn = async (stream: string) => (await redis.xrange(stream, "-", "+")).map(([id]) => id);

describe("trimming a stream", () => {
  it("never removes an entry that a group has pending or has not read yet", async () => {
    const stream = "test:trim-safety";
    const ids = await addEntries(stream, 300);
    await redis.xgroup("CREATE", stream, "fast", "0");
    await redis.xgroup("CREATE", stream, "slow", "0");
    // fast has read 250 and acknowledged all but one; slow has read nothing.
    const readByFast = await readAs(stream, "fast", 250);
    const stuck = readByFast[119]!;
    await redis.xack(stream, "fast", ...readByFast.filter((id) => id !== stuck));

    const untouched = await trimStream(redis, stream, ["fast", "slow"], { exact: true });
    expect(untouched).toMatchObject({ removed: 0, length: 300, waitingFor: [], pending: { fast: 1, slow: 0 } });

    // slow reads 200 and acknowledges them: everything before fast's stuck entry is needed by nobody.
    await redis.xack(stream, "slow", ...(await readAs(stream, "slow", 200)));
    expect(await trimStream(redis, stream, ["fast", "slow"], { exact: true })).toMatchObject({ removed: 119, length: 181 });
    expect(await idsIn(stream)).toEqual(ids.slice(119));

    // The stuck entry goes: now slow's last read entry is the limit, and what it has not read stays.
    await redis.xack(stream, "fast", stuck);
    await redis.xack(stream, "fast", ...(await readAs(stream, "fast", 100)));
    expect(await trimStream(redis, stream, ["fast", "slow"], { exact: true })).toMatchObject({ removed: 80, length: 101 });
    expect((await idsIn(stream))[0]).toBe(ids[199]);
    expect(await readAs(stream, "slow", 1_000)).toEqual(ids.slice(200));
  });

  it("removes only whole nodes below the limit when approximate, never an entry still needed", async () => {
    const stream = "test:trim-approximate";
    const ids = await addEntries(stream, 450);
    await redis.xgroup("CREATE", stream, "g", "0");
    const read = await readAs(stream, "g", 450);
    await redis.xack(stream, "g", ...read.filter((id) => id !== ids[250]));
    const result = await trimStream(redis, stream, ["g"]);
    expect(result.removed).toBeGreaterThan(0);
    const left = await idsIn(stream);
    expect(ids.indexOf(left[0]!)).toBeLessThanOrEqual(250);
    expect(left).toEqual(ids.slice(ids.indexOf(left[0]!)));
  });

  it("does not trim while a group the stream must have does not exist yet, nor a stream without groups", async () => {
    const stream = "test:trim-waiting";
    await addEntries(stream, 250);
    expect(await trimStream(redis, stream, [], { exact: true })).toMatchObject({ removed: 0, length: 250 });
    await redis.xgroup("CREATE", stream, "early", "0");
    await redis.xack(stream, "early", ...(await readAs(stream, "early", 250)));
    expect(await trimStream(redis, stream, ["early", "late"], { exact: true })).toMatchObject({ removed: 0, length: 250, waitingFor: ["late"] });
    await redis.xgroup("CREATE", stream, "late", "0");
    expect(await trimStream(redis, stream, ["early", "late"], { exact: true })).toMatchObject({ removed: 0, length: 250, waitingFor: [] });
  });

  it("deletes an acknowledged entry of a stream that carries secrets, and only there", async () => {
    const [paymentEntry] = await addEntries(Streams.paymentCommands, 1);
    const [replyEntry] = await addEntries(Streams.sagaReplies, 1);
    await redis.xgroup("CREATE", Streams.paymentCommands, "payments", "0");
    await redis.xgroup("CREATE", Streams.sagaReplies, "orders", "0");
    await readAs(Streams.paymentCommands, "payments", 1);
    await readAs(Streams.sagaReplies, "orders", 1);
    await acknowledge(redis, Streams.paymentCommands, "payments", [paymentEntry!], SHOP_TOPOLOGY.carriesSecrets(Streams.paymentCommands));
    await acknowledge(redis, Streams.sagaReplies, "orders", [replyEntry!], SHOP_TOPOLOGY.carriesSecrets(Streams.sagaReplies));
    expect(await idsIn(Streams.paymentCommands)).toEqual([]);
    expect(await idsIn(Streams.sagaReplies)).toEqual([replyEntry]);
    expect((await redis.xpending(Streams.paymentCommands, "payments"))[0]).toBe(0);
    await redis.flushdb();
  });
});

describe("streams under a long run", () => {
  const ORDERS = 3_000;
  const TOKEN = "tok_secret_under_load";

  it(`stay bounded while ${ORDERS} orders' messages go through the saga's streams`, async () => {
    // The saga's streams and groups, with trivial participants: each handler publishes what the real one
    // would (as its relay would), so every stream sees thousands of entries and shipment events two groups.
    const publisher = redis.duplicate();
    const send = (stream: string, type: string, payload: Record<string, unknown>) =>
      publisher.xadd(stream, "*", ...toStreamFields(newMessage(stream, type, payload)));
    const finished = { orders: new Set<string>(), inventory: new Set<string>(), notifications: new Set<string>() };
    const handled = new Map<string, number>();
    const count = (group: string) => handled.set(group, (handled.get(group) ?? 0) + 1);
    const orderOf = (message: Message) => (message.payload as { orderId: string }).orderId;
    const participants: Record<string, Array<{ stream: string; handle: (message: Message) => Promise<void> }>> = {
      inventory: [
        { stream: Streams.inventoryCommands, handle: async (message) => void (await send(Streams.sagaReplies, "StockReserved", { orderId: orderOf(message) })) },
        { stream: Streams.shipmentEvents, handle: async (message) => void finished.inventory.add(orderOf(message)) },
      ],
      payments: [
        {
          stream: Streams.paymentCommands,
          handle: async (message) => {
            if ((message.payload as { paymentToken?: string }).paymentToken !== TOKEN) throw new Error("no token");
            await send(Streams.sagaReplies, "PaymentCaptured", { orderId: orderOf(message) });
          },
        },
      ],
      shipping: [
        {
          stream: Streams.shippingCommands,
          handle: async (message) => {
            await send(Streams.sagaReplies, "ShipmentCreated", { orderId: orderOf(message) });
            await send(Streams.shipmentEvents, "ShipmentStatusChanged", { orderId: orderOf(message), status: "SHIPPED" });
          },
        },
      ],
      orders: [
        {
          stream: Streams.sagaReplies,
          handle: async (message) => {
            const orderId = orderOf(message);
            if (message.type === "StockReserved") await send(Streams.paymentCommands, "ChargePayment", { orderId, paymentToken: TOKEN });
            if (message.type === "PaymentCaptured") {
              await send(Streams.orderEvents, "OrderStatusChanged", { orderId, status: "CONFIRMED" });
              await send(Streams.shippingCommands, "CreateShipment", { orderId });
            }
          },
        },
        { stream: Streams.shipmentEvents, handle: async (message) => void finished.orders.add(orderOf(message)) },
      ],
      notifications: [{ stream: Streams.orderEvents, handle: async (message) => void finished.notifications.add(orderOf(message)) }],
    };
    const settings = workerSettingsFrom({ WORKER_CLAIM_IDLE_MS: "1000", WORKER_BLOCK_MS: "100", WORKER_TRIM_INTERVAL_MS: "200", WORKER_CONCURRENCY: "8" }, "trim-load", MESSAGE_TYPES);
    const stops = Object.entries(participants).map(([service, consumers]) =>
      startParticipant({
        service,
        db: undefined as never, // no outbox: the handlers publish themselves
        redis,
        logger,
        settings,
        topology: SHOP_TOPOLOGY,
        publishesOutbox: false,
        consumers: consumers.map((spec) => ({ ...spec, handle: async (message: Message) => (count(service), spec.handle(message)) })),
      }),
    );
    // Every stream of the saga (sign-ups and low-stock alerts are not part of this checkout flow; fan-out streams
    // have no groups to trim by: the relay caps them, see messaging.int.test.ts).
    const outsideTheFlow = new Set<string>([Streams.userEvents, Streams.inventoryEvents]);
    const streams = Object.values(Streams).filter((stream) => !outsideTheFlow.has(stream) && !FAN_OUT_STREAMS.has(stream));
    const longest = new Map<string, number>();
    const measure = async () => {
      for (const stream of streams) longest.set(stream, Math.max(longest.get(stream) ?? 0, await redis.xlen(stream)));
    };
    let measuring = true;
    const measurer = (async () => {
      while (measuring) {
        await measure();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    try {
      // A steady flow of checkouts, as a long run would bring: 50 more whenever fewer than 300 are under way
      // (checkouts in flight are bounded by their callers; the streams must be bounded by trimming).
      for (let placed = 0; placed < ORDERS; ) {
        if (placed - finished.orders.size < 300) {
          const pipeline = publisher.pipeline();
          for (let index = 0; index < 50; index += 1) {
            const message = newMessage(Streams.inventoryCommands, "ReserveStock", { orderId: `order-${placed + index}` });
            pipeline.xadd(Streams.inventoryCommands, "*", ...toStreamFields(message));
          }
          await pipeline.exec();
          placed += 50;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await waitFor(
        "every order through every group",
        async () => finished.orders.size === ORDERS && finished.inventory.size === ORDERS && finished.notifications.size === ORDERS,
        60_000,
      );
      // One more trim round after the last acknowledgement.
      await new Promise((resolve) => setTimeout(resolve, 600));
      await measure();
      const final = Object.fromEntries(await Promise.all(streams.map(async (stream) => [stream, await redis.xlen(stream)] as const)));
      const added = async (stream: string) => {
        const info = (await redis.xinfo("STREAM", stream)) as unknown[];
        return Number(info[info.indexOf("entries-added") + 1]);
      };
      const generated = Object.fromEntries(await Promise.all(streams.map(async (stream) => [stream, await added(stream)] as const)));
      for (const stream of streams) {
        expect(generated[stream]).toBeGreaterThanOrEqual(ORDERS);
        // Far below what went through (3,000 to 9,000 entries per stream): entries in flight, what arrived
        // since the last trim, and part of a node.
        expect(longest.get(stream)).toBeLessThan(1_500);
        expect(final[stream]).toBeLessThanOrEqual(150);
      }
      // Acknowledged payment commands are deleted at once: no token is left in Redis.
      expect(final[Streams.paymentCommands]).toBe(0);
      expect(handled.get("payments")).toBe(ORDERS);
    } finally {
      measuring = false;
      await measurer;
      for (const stop of stops) await stop();
      publisher.disconnect();
    }
  }, 120_000);
});
