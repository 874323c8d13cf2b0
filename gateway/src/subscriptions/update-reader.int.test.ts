import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { createLogger } from "../../../packages/logging";
import { toStreamFields } from "../../../packages/messaging";
import { messageHeaders, shopMessage, Streams } from "../../../packages/shop-messages";
import { startRedisServer, useFileRedis, waitFor } from "../../../packages/testing";
import { startUpdateReader, type LiveChanges } from "./update-reader";

// The gateway's reader of the live-updates stream against a Redis server of this file's own.
const redisServer = useFileRedis();

const orderChanged = (orderId: string) =>
  redisServer.redis.xadd(Streams.liveUpdates, "*", ...toStreamFields(shopMessage("OrderChanged", { orderId, userId: randomUUID() }, messageHeaders({ requestId: "test" }))));

describe("the live-update reader", () => {
  it("reads from the stream's end, and after its connection is lost asks for a resync and goes on reading", async () => {
    const before = randomUUID();
    await orderChanged(before);
    const seen: string[] = [];
    let resyncs = 0;
    const onChanges = ({ orderIds }: LiveChanges) => void seen.push(...orderIds);
    const reader = startUpdateReader({ redis: redisServer.redis, logger: createLogger("test", "silent"), onChanges, onResync: () => (resyncs += 1), blockMs: 200, retryMs: 50 });
    try {
      const first = randomUUID();
      // The reader takes the stream's end when it starts: written until it has, an entry may come before it.
      await waitFor("the reader to read a new entry", async () => {
        await orderChanged(first);
        return seen.includes(first);
      });
      expect(seen).not.toContain(before);
      expect(resyncs).toBe(0);

      // Every client connection but the test's own is cut: the reader's XREAD with it.
      await redisServer.redis.client("KILL", "TYPE", "normal", "SKIPME", "yes");
      await waitFor("a resync after the reconnect", async () => resyncs === 1);
      const after = randomUUID();
      await waitFor("an entry read after the reconnect", async () => {
        await orderChanged(after);
        return seen.includes(after);
      });
    } finally {
      await reader.stop();
    }
  });
});

describe("stopping the live-update reader", () => {
  it("ends while Redis is gone, whether the reader is pausing after a failure or waiting on a read", async () => {
    const ownServer = await startRedisServer();
    const ownRedis = new Redis(ownServer.url, { maxRetriesPerRequest: 1 });
    let failures = 0;
    const logger = createLogger("test", "silent");
    logger.warn = ((...args: unknown[]) => void (failures += args.length > 0 ? 1 : 0)) as typeof logger.warn;
    const reader = startUpdateReader({ redis: ownRedis, logger, onChanges: () => {}, onResync: () => {}, blockMs: 100, retryMs: 60_000 });
    try {
      await ownServer.stop();
      // A failed read puts the reader in its (long) pause: stop must not wait it out.
      await waitFor("a failed read", async () => failures > 0);
    } finally {
      await reader.stop();
      ownRedis.disconnect();
    }
  });
});
