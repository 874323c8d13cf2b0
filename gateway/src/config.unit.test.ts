import { loadConfig } from "./config";

describe("gateway configuration", () => {
  it("takes subgraph routing URL overrides from <NAME>_URL, but not REDIS_URL or POSTGRES_URL", () => {
    const config = loadConfig({ USERS_URL: "http://users:4001/graphql", REDIS_URL: "redis://r:6379", POSTGRES_URL: "postgresql://p" });
    expect(config.subgraphUrlOverrides).toEqual({ users: "http://users:4001/graphql" });
    expect(config.redisUrl).toBe("redis://r:6379");
  });

  it("refuses to start in production on development secrets", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/JWT_SECRET[\s\S]*GATEWAY_SIGNING_SECRET/);
    expect(
      loadConfig({ NODE_ENV: "production", JWT_SECRET: "prod-jwt-secret-0123456789", GATEWAY_SIGNING_SECRET: "prod-signing-secret-0123456789" }).production,
    ).toBe(true);
  });
});
