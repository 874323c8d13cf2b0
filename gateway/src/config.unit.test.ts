import path from "node:path";
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

describe("edge configuration", () => {
  it("has the documented defaults", () => {
    const { edge, metricsPort, tracing } = loadConfig({});
    expect(edge).toEqual({
      operationLimits: { enabled: true, maxDepth: 10, maxAliases: 20, maxRootFields: 15, maxDirectives: 30, maxTokens: 2000, maxCost: 5000 },
      persistedOperations: {
        mode: "allow",
        manifestPath: path.resolve(__dirname, "../../operations/generated/persisted-operations.json"),
        apqEnabled: true,
        apqKeyPrefix: "shop:apq",
        apqTtlSeconds: 3600,
        apqMaxDocumentBytes: 16_384,
      },
      rateLimits: {
        enabled: true,
        keyPrefix: "shop:rate-limit",
        customerPerMinute: 100,
        adminPerMinute: 1000,
        anonymousPerMinute: 60,
        logInPerMinute: 10,
        signUpPerMinute: 10,
        refreshTokenPerMinute: 30,
        changePasswordPerMinute: 5,
      },
      responseCache: { enabled: true, keyPrefix: "shop:response-cache:" },
      subgraphCalls: {
        httpClient: "keep-alive",
        timeoutMs: 5000,
        timeoutOverridesMs: {},
        retries: 2,
        breakerErrorPercent: 50,
        breakerMinimumCalls: 10,
        breakerResetMs: 10_000,
        breakerProbeMs: 250,
        dedupeRepresentations: true,
      },
      subscriptions: { enabled: true, maxConnectionsPerUser: 10, maxSubscriptionsPerConnection: 20 },
      trustedProxies: ["loopback"],
      maxBodyBytes: 1_048_576,
    });
    expect(metricsPort).toBe(9464);
    expect(tracing).toEqual({ tracesUrl: null });
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });

  it("takes every limit from the environment", () => {
    const { edge, tracing } = loadConfig({
      OPERATION_MAX_DEPTH: "7",
      OPERATION_MAX_COST: "900",
      RATE_LIMIT_LOGIN_PER_MINUTE: "5",
      RATE_LIMITS_ENABLED: "false",
      TRUSTED_PROXIES: "loopback, 10.0.0.0/8",
      SUBGRAPH_TIMEOUT_MS: "2000",
      SUBGRAPH_TIMEOUTS_MS: "orders=8000,payments=10000",
      SUBGRAPH_HTTP_CLIENT: "default",
      SUBGRAPH_DEDUPE_REPRESENTATIONS: "false",
      MAX_BODY_BYTES: "65536",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
    });
    expect(edge.operationLimits).toMatchObject({ maxDepth: 7, maxCost: 900 });
    expect(edge.rateLimits).toMatchObject({ enabled: false, logInPerMinute: 5 });
    expect(edge.trustedProxies).toEqual(["loopback", "10.0.0.0/8"]);
    expect(edge.subgraphCalls).toMatchObject({ timeoutMs: 2000, timeoutOverridesMs: { orders: 8000, payments: 10000 }, httpClient: "default", dedupeRepresentations: false });
    expect(edge.maxBodyBytes).toBe(65536);
    expect(tracing.tracesUrl).toBe("http://collector:4318/v1/traces");
  });

  it("takes the persisted-operation settings from the environment, and refuses an unknown mode", () => {
    const { edge } = loadConfig({ PERSISTED_OPERATIONS: "require", PERSISTED_OPERATIONS_MANIFEST: "/srv/manifest.json", APQ_ENABLED: "false", APQ_TTL_SECONDS: "600" });
    expect(edge.persistedOperations).toMatchObject({ mode: "require", manifestPath: "/srv/manifest.json", apqEnabled: false, apqTtlSeconds: 600 });
    expect(() => loadConfig({ PERSISTED_OPERATIONS: "strict" })).toThrow(/PERSISTED_OPERATIONS/);
  });

  it("takes CORS origins as a comma-separated list of origins, normalised", () => {
    expect(loadConfig({ CORS_ORIGINS: "https://Shop.Example.com, https://admin.example.com/ ,http://localhost:3000" }).corsOrigins).toEqual([
      "https://shop.example.com",
      "https://admin.example.com",
      "http://localhost:3000",
    ]);
  });

  it("refuses a CORS origin that is a URL with a path, or no URL at all", () => {
    expect(() => loadConfig({ CORS_ORIGINS: "https://shop.example.com/app" })).toThrow(/CORS_ORIGINS[\s\S]*not an origin/);
    expect(() => loadConfig({ CORS_ORIGINS: "*" })).toThrow(/CORS_ORIGINS/);
  });

  it("names every bad setting at once", () => {
    expect(() => loadConfig({ OPERATION_MAX_DEPTH: "deep", SUBGRAPH_TIMEOUTS_MS: "orders:8000", RATE_LIMITS_ENABLED: "yes" })).toThrow(
      /OPERATION_MAX_DEPTH[\s\S]*RATE_LIMITS_ENABLED[\s\S]*SUBGRAPH_TIMEOUTS_MS/,
    );
  });
});
