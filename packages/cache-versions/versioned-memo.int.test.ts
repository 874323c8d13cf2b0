import Redis from "ioredis";
import { createLogger } from "../logging";
import { startRedisServer, type RedisServerProcess } from "../testing";
import { connectCacheInvalidator, connectVersionReader, VersionedMemo } from ".";

const logger = createLogger("test", "silent");
let redisServer: RedisServerProcess;
let redis: Redis;

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = connectVersionReader(redisServer.url, logger);
  // It queues nothing: wait until it is connected.
  await new Promise((resolve) => redis.once("ready", resolve));
});

afterAll(async () => {
  redis?.disconnect();
  await redisServer?.stop();
});

/** A loader over a table that counts what it was asked for. */
function owner(table: Map<string, number>) {
  const asked: string[][] = [];
  const load = async (keys: string[]) => {
    asked.push(keys);
    return new Map(keys.filter((key) => table.has(key)).map((key) => [key, table.get(key)!]));
  };
  return { asked, load };
}

describe("VersionedMemo", () => {
  it("asks the owner only for what it has not kept, until the owner announces a change", async () => {
    const table = new Map([["a", 1], ["b", 2]]);
    const { asked, load } = owner(table);
    const memo = new VersionedMemo<number>(redis, "products", 100);
    expect(await memo.getMany(["a", "b", "x"], load)).toEqual(new Map([["a", 1], ["b", 2]]));
    expect(await memo.getMany(["b", "a", "a"], load)).toEqual(new Map([["a", 1], ["b", 2]]));
    // An unknown key is asked for again (an absent product may be created).
    expect(asked).toEqual([["a", "b", "x"]]);

    table.set("a", 10);
    const invalidator = connectCacheInvalidator(redisServer.url, "products", logger);
    await invalidator.changed();
    invalidator.close();
    expect(await memo.getMany(["a"], load)).toEqual(new Map([["a", 10]]));
    expect(asked).toEqual([["a", "b", "x"], ["a"]]);
  });

  it("does not keep what was loaded while a change was announced", async () => {
    const table = new Map([["a", 1]]);
    const memo = new VersionedMemo<number>(redis, "shipping", 100);
    const invalidator = connectCacheInvalidator(redisServer.url, "shipping", logger);
    let asked = 0;
    // The first use loads while the owner announces a change and a second use sees it.
    await memo.getMany(["a"], async () => {
      asked += 1;
      await invalidator.changed();
      table.set("a", 2);
      await memo.getMany(["b"], async () => new Map());
      return new Map([["a", 1]]);
    });
    invalidator.close();
    const reload = async (keys: string[]) => {
      asked += 1;
      return new Map(keys.map((key) => [key, table.get(key)!]));
    };
    expect(await memo.getMany(["a"], reload)).toEqual(new Map([["a", 2]]));
    expect(asked).toBe(2);
  });

  it("keeps nothing while Redis does not answer", async () => {
    const away = connectVersionReader("redis://127.0.0.1:9", logger);
    const { asked, load } = owner(new Map([["a", 1]]));
    const memo = new VersionedMemo<number>(away, "products", 100);
    await memo.getMany(["a"], load);
    await memo.getMany(["a"], load);
    expect(asked).toEqual([["a"], ["a"]]);
    away.disconnect();
  });
});
