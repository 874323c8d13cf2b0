import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { createLogger } from "../packages/logging";
import { newMessage, PoisonMessageError, startStreamConsumer, toStreamFields, type DeadLetter, type DeadLetterDetail, type Message } from "../packages/messaging";
import { Streams, SHOP_TOPOLOGY } from "../packages/shop-messages";
import { createTestDatabase, startRedisServer, type RedisServerProcess, type TestDatabase } from "../packages/testing";
import { waitFor } from "../packages/testing/wait-for";
import { writePendingOrder } from "../subgraphs/orders/src/repositories/pending-order";
import { createPrismaClient, type OrdersPrisma } from "../subgraphs/orders/src/repositories/prisma-client";
import { HOME, line } from "../subgraphs/orders/src/test-fixtures";
import { parseCommand, runDeadLetterTool, UsageError } from "./dead-letters";

// `npm run dead-letters` against a Redis of this file's own and a throwaway orders database: messages a
// real consumer gave up on are listed, shown (secrets redacted), replayed into the consumer and deleted.
const logger = createLogger("dead-letters-test", "silent");
let server: RedisServerProcess;
let redis: Redis;
let database: TestDatabase;
let prisma: OrdersPrisma;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
  database = await createTestDatabase("orders");
  prisma = createPrismaClient(database.url);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  await prisma?.$disconnect();
  await database?.drop();
});

/** Runs the tool as `npm run dead-letters -- ...args` would, collecting what it prints. */
async function tool(...args: string[]): Promise<{ status: number; output: string }> {
  const printed: string[] = [];
  const status = await runDeadLetterTool(parseCommand(args), { redis, orders: () => prisma, print: (text) => printed.push(text) });
  return { status, output: printed.join("\n") };
}

const listed = async (...args: string[]) => JSON.parse((await tool("list", "--json", ...args)).output) as DeadLetter[];

describe("npm run dead-letters", () => {
  it("lists, shows, replays into the consumer and deletes what a consumer gave up on", async () => {
    const orderId = randomUUID();
    const reserve = newMessage(Streams.inventoryCommands, "ReserveStock", { orderId, lines: [{ productId: randomUUID(), quantity: 1 }] }, { traceparent: "t" });
    const charge = newMessage(Streams.paymentCommands, "ChargePayment", { orderId, userId: randomUUID(), amountCents: 100, currency: "USD", paymentToken: "tok_live_secret" });
    let broken = true;
    const handled: Message[] = [];
    const consumers = [Streams.inventoryCommands, Streams.paymentCommands].map((stream) =>
      startStreamConsumer({
        redis, stream, group: stream === Streams.inventoryCommands ? "inventory" : "payments", consumer: "c1", logger, blockMs: 100,
        // As startParticipant does: the payment commands carry the token, so an acknowledged entry is deleted.
        carriesSecrets: SHOP_TOPOLOGY.carriesSecrets(stream),
        handle: async (message) => {
          if (broken) throw new PoisonMessageError("the warehouse is on fire");
          handled.push(message);
        },
      }),
    );
    try {
      await redis.xadd(Streams.inventoryCommands, "*", ...toStreamFields(reserve));
      await redis.xadd(Streams.paymentCommands, "*", ...toStreamFields(charge));
      const letters = await waitFor("two dead letters", async () => ((await listed()).length === 2 ? listed() : null));
      const [reserveLetter, chargeLetter] = [Streams.inventoryCommands, Streams.paymentCommands].map((stream) => letters.find((letter) => letter.stream === stream)!);
      expect(reserveLetter).toMatchObject({ group: "inventory", type: "ReserveStock", orderId, messageId: reserve.id, reason: "the warehouse is on fire", redacted: false });
      expect(chargeLetter).toMatchObject({ group: "payments", type: "ChargePayment", orderId, redacted: true });
      expect(await listed("--stream", Streams.paymentCommands)).toHaveLength(1);

      const table = (await tool("list")).output;
      expect(table).toContain(reserveLetter!.id);
      expect(table).toContain("the warehouse is on fire");

      const shown = JSON.parse((await tool("show", reserveLetter!.id)).output) as DeadLetterDetail;
      expect(shown).toMatchObject({ payload: reserve.payload, headers: reserve.headers, type: "ReserveStock" });
      const shownCharge = await tool("show", chargeLetter!.id);
      expect(shownCharge.output).not.toContain("tok_live_secret");
      expect(JSON.parse(shownCharge.output)).toMatchObject({ payload: { paymentToken: "[redacted]", amountCents: 100 } });
      // No copy of the token anywhere in Redis: the command was deleted when acknowledged, the dead letter redacted.
      for (const stream of [Streams.paymentCommands, `${Streams.paymentCommands}:dead-letter`]) {
        expect(JSON.stringify(await redis.xrange(stream, "-", "+"))).not.toContain("tok_live_secret");
      }

      // Fixed: replayed, the consumer handles the same message (same id), and the dead letter is gone.
      broken = false;
      expect((await tool("replay", reserveLetter!.id)).output).toMatch(/^published again on shop:inventory:commands as \d+-\d+$/);
      await waitFor("the replayed message handled", async () => handled.length === 1);
      expect(handled[0]).toMatchObject({ id: reserve.id, type: "ReserveStock", payload: reserve.payload, headers: reserve.headers });
      expect((await listed()).map((letter) => letter.id)).toEqual([chargeLetter!.id]);

      // A redacted payment command cannot be sent again as it was; it is deleted once a person dealt with it.
      await expect(tool("replay", chargeLetter!.id)).rejects.toThrow(/redacted/);
      expect(await tool("delete", chargeLetter!.id)).toEqual({ status: 0, output: `deleted ${chargeLetter!.id}` });
      expect(await tool("delete", chargeLetter!.id)).toMatchObject({ status: 1 });
      expect(await tool("show", chargeLetter!.id)).toMatchObject({ status: 1 });
      expect(await listed()).toEqual([]);
    } finally {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    }
  });

  it("lists the sagas flagged for a person", async () => {
    const place = () =>
      prisma.$transaction((tx) => writePendingOrder(tx, { userId: randomUUID(), items: [line(1999, 1)], shippingAddress: HOME }, { deadlineAt: new Date() }));
    const [flagged, fine] = [await place(), await place()];
    await prisma.checkoutSaga.update({ where: { orderId: flagged.id }, data: { flagged: true, flagReason: "ChargePayment was abandoned: failed 5 deliveries", status: "COMPENSATED" } });
    const sagas = JSON.parse((await tool("flagged", "--json")).output) as Array<Record<string, unknown>>;
    expect(sagas).toEqual([expect.objectContaining({ orderId: flagged.id, sagaStatus: "COMPENSATED", flagReason: "ChargePayment was abandoned: failed 5 deliveries" })]);
    expect(JSON.stringify(sagas)).not.toContain(fine.id);
    expect((await tool("flagged")).output).toContain(flagged.id);
  });

  it("refuses bad arguments with the usage", () => {
    expect(() => parseCommand([])).toThrow(UsageError);
    expect(() => parseCommand(["show"])).toThrow(/an id is needed/);
    expect(() => parseCommand(["list", "--stream", "nope"])).toThrow(UsageError);
    expect(() => parseCommand(["list", "--limit", "0"])).toThrow(UsageError);
    expect(() => parseCommand(["replay", "a", "b"])).toThrow(/unexpected arguments/);
    expect(parseCommand(["replay", "shop:x/1-0", "--keep"])).toEqual({ command: "replay", id: "shop:x/1-0", keep: true });
  });
});
