import Redis from "ioredis";
import { createLogger } from "../logging";
import { startRedisServer, type RedisServerProcess } from "../testing";
import { connectCacheInvalidator, readCacheVersions } from ".";

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
    expect(await readCacheVersions(redis, ["products", "inventory"])).toEqual(["0", "0"]);
    const products = connectCacheInvalidator(redisServer.url, "products", logger);
    await products.changed();
    await products.changed();
    products.close();
    expect(await readCacheVersions(redis, ["inventory", "products"])).toEqual(["0", "2"]);
  });

  it("let a change be committed while Redis is away: the bump is logged, not thrown", async () => {
    const away = connectCacheInvalidator("redis://127.0.0.1:9", "products", logger);
    await expect(away.changed()).resolves.toBeUndefined();
    away.close();
  });
});
