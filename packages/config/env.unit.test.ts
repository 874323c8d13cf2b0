import { ConfigError, databaseUrl, DevelopmentSecret, loadSubgraphConfig, refuseDevelopmentSecrets } from ".";

describe("service configuration", () => {
  it("gives each domain its own database under POSTGRES_URL unless it has its own URL", () => {
    expect(databaseUrl({}, "orders")).toBe("postgresql://postgres:postgres@127.0.0.1:5432/shop_orders");
    expect(databaseUrl({ POSTGRES_URL: "postgresql://u:p@db:5432/" }, "orders")).toBe("postgresql://u:p@db:5432/shop_orders");
    expect(databaseUrl({ ORDERS_DATABASE_URL: "postgresql://x/y" }, "orders")).toBe("postgresql://x/y");
  });

  it("reads a subgraph's port and refuses a bad one, naming the variable", () => {
    expect(loadSubgraphConfig("products", 4002, {}).port).toBe(4002);
    expect(loadSubgraphConfig("products", 4002, { PRODUCTS_PORT: "5002" }).port).toBe(5002);
    expect(() => loadSubgraphConfig("products", 4002, { PRODUCTS_PORT: "not-a-port" })).toThrow(/PRODUCTS_PORT/);
  });

  it("refuses development secrets in production, and only there", () => {
    expect(() => loadSubgraphConfig("users", 4001, { NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadSubgraphConfig("users", 4001, { NODE_ENV: "production" })).toThrow(/GATEWAY_SIGNING_SECRET/);
    expect(loadSubgraphConfig("users", 4001, { NODE_ENV: "development" }).gatewaySigningSecret).toBe(DevelopmentSecret.gatewaySigning);
    expect(() => refuseDevelopmentSecrets("x", true, { JWT_SECRET: "short" })).toThrow(/JWT_SECRET/);
    expect(() => refuseDevelopmentSecrets("x", true, { JWT_SECRET: "a-long-enough-production-secret" })).not.toThrow();
  });
});
