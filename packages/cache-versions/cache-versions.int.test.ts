import { createLogger } from "../logging";
import { useFileRedis } from "../testing";
import { cacheVersionKey, connectCacheInvalidator, entityVersionKey, readVersions } from ".";

const logger = createLogger("test", "silent");
const redisServer = useFileRedis();

describe("cache versions", () => {
  it("start at 0 and move on with every change a subgraph announces, each subgraph on its own", async () => {
    expect(await readVersions(redisServer.redis, [cacheVersionKey("products"), cacheVersionKey("inventory")])).toEqual(["0", "0"]);
    const products = connectCacheInvalidator(redisServer.url, "products", logger);
    await products.changed();
    await products.changed();
    products.close();
    expect(await readVersions(redisServer.redis, [cacheVersionKey("inventory"), cacheVersionKey("products")])).toEqual(["0", "2"]);
  });

  it("bump the entities a change touched beside the subgraph's own, each once", async () => {
    const inventory = connectCacheInvalidator(redisServer.url, "inventory", logger);
    await inventory.changed({ Product: ["p1", "p2", "p1"] });
    inventory.close();
    const keys = [cacheVersionKey("inventory"), entityVersionKey("inventory", "Product", "p1"), entityVersionKey("inventory", "Product", "p2"), entityVersionKey("inventory", "Product", "p3")];
    expect(await readVersions(redisServer.redis, keys)).toEqual(["1", "1", "1", "0"]);
  });

  it("let a change be committed while Redis is away: the bump is logged, not thrown", async () => {
    const away = connectCacheInvalidator("redis://127.0.0.1:9", "products", logger);
    await expect(away.changed()).resolves.toBeUndefined();
    away.close();
  });
});
