import Redis from "ioredis";
import { createLogger } from "../logging";
import { startRedisServer, type RedisServerProcess } from "../testing";
import { cacheVersionKey, connectCacheInvalidator, entityVersionKey, readVersions } from ".";

const logger = createLogger("test", "silent");
let redisServer: RedisServerProcess;
let redis: Redis;

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  redis?.disconnect();
  await redisServer?.stop();
});

describe("cache versions", () => {
  it("start at 0 and move on with every change a subgraph announces, each subgraph on its own", async () => {
    expect(await readVersions(redis, [cacheVersionKey("products"), cacheVersionKey("inventory")])).toEqual(["0", "0"]);
    const products = connectCacheInvalidator(redisServer.url, "products", logger);
    await products.changed();
    await products.changed();
    products.close();
    expect(await readVersions(redis, [cacheVersionKey("inventory"), cacheVersionKey("products")])).toEqual(["0", "2"]);
  });

  it("bump the entities a change touched beside the subgraph's own, each once", async () => {
    const inventory = connectCacheInvalidator(redisServer.url, "inventory", logger);
    await inventory.changed({ Product: ["p1", "p2", "p1"] });
    inventory.close();
    const keys = [cacheVersionKey("inventory"), entityVersionKey("inventory", "Product", "p1"), entityVersionKey("inventory", "Product", "p2"), entityVersionKey("inventory", "Product", "p3")];
    expect(await readVersions(redis, keys)).toEqual(["1", "1", "1", "0"]);
  });

  it("let a change be committed while Redis is away: the bump is logged, not thrown", async () => {
    const away = connectCacheInvalidator("redis://127.0.0.1:9", "products", logger);
    await expect(away.changed()).resolves.toBeUndefined();
    away.close();
  });
});
