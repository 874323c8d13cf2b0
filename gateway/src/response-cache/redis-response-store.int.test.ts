import Redis from "ioredis";
import { createLogger } from "../../../packages/logging";
import { useFileRedis } from "../../../packages/testing";
import { RedisResponseStore } from "./redis-response-store";

const logger = createLogger("gateway", "silent");
const redisServer = useFileRedis();

describe("RedisResponseStore", () => {
  it("keeps an answer under its prefix for the max age it is given", async () => {
    const store = new RedisResponseStore(redisServer.redis, "test:answers:", logger);
    await store.set("k1", '{"data":{}}', 60);
    expect(await store.get("k1")).toBe('{"data":{}}');
    const ttl = await redisServer.redis.ttl("test:answers:k1");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it("never keeps an answer without a max age", async () => {
    const store = new RedisResponseStore(redisServer.redis, "test:answers:", logger);
    await store.set("k2", "{}", 0);
    expect(await redisServer.redis.exists("test:answers:k2")).toBe(0);
  });

  it("is a miss, not a failure, while Redis does not answer", async () => {
    const away = new Redis("redis://127.0.0.1:9", { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    away.on("error", () => {});
    const store = new RedisResponseStore(away, "test:answers:", logger);
    await expect(store.get("k1")).resolves.toBeUndefined();
    await expect(store.set("k1", "{}", 60)).resolves.toBeUndefined();
    away.disconnect();
  });
});
