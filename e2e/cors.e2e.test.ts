import { randomBytes } from "node:crypto";
import Redis from "ioredis";
import { DEFAULT_REDIS_URL } from "../packages/config";
import type { RunningGateway } from "../packages/testing";
import { startEdgeFixture, type EdgeFixture } from "./support/edge-fixture";

// CORS at the gateway, as browsers use it: a preflight (OPTIONS) then the request itself, each with an
// Origin header. One gateway in development mode with no origins configured, one in production mode
// with one origin configured, both over the small edge supergraph.
const PAGE = "https://shop.example.com";
let fixture: EdgeFixture;
let redis: Redis;
let development: RunningGateway;
let production: RunningGateway;

beforeAll(async () => {
  redis = new Redis(process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.ping();
  fixture = await startEdgeFixture();
  const edge = () => ({ rateLimits: { enabled: true, keyPrefix: `test:cors:${randomBytes(6).toString("hex")}` } });
  development = await fixture.startGateway(redis, edge());
  production = await fixture.startGateway(redis, edge(), undefined, { production: true, corsOrigins: [PAGE] });
});

afterAll(async () => {
  await fixture?.stop();
  redis?.disconnect();
});

/** What a browser sends before a cross-origin POST with a JSON body and a bearer token. */
function preflight(gateway: RunningGateway, origin: string) {
  return fetch(gateway.gateway.graphqlUrl, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization,content-type,apollographql-client-name,traceparent",
    },
  });
}

function post(gateway: RunningGateway, origin?: string) {
  return fetch(gateway.gateway.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
    body: JSON.stringify({ query: "{ me { id } }" }),
  });
}

function corsHeaders(response: Response): string[] {
  return [...response.headers.keys()].filter((name) => name.startsWith("access-control-"));
}

function listed(value: string | null): string[] {
  return (value ?? "").split(",").map((item) => item.trim().toLowerCase());
}

describe("a preflight from an allowed origin", () => {
  it.each([
    ["a localhost page in development", () => development, "http://localhost:5173"],
    ["a 127.0.0.1 page in development", () => development, "http://127.0.0.1:3000"],
    ["the configured origin in production", () => production, PAGE],
  ])("is answered 204 for %s, allowing what a GraphQL client sends", async (_case, gateway, origin) => {
    const response = await preflight(gateway(), origin);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(listed(response.headers.get("access-control-allow-methods"))).toEqual(expect.arrayContaining(["get", "post"]));
    expect(listed(response.headers.get("access-control-allow-headers"))).toEqual(
      expect.arrayContaining([
        "authorization",
        "content-type",
        "apollo-require-preflight",
        "x-request-id",
        "traceparent",
        "tracestate",
        "apollographql-client-name",
        "apollographql-client-version",
      ]),
    );
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    expect(listed(response.headers.get("vary"))).toContain("origin");
  });
});

describe("an origin that is not allowed", () => {
  it.each([
    ["another site in development", () => development, "https://evil.example.com"],
    ["a localhost page in production", () => production, "http://localhost:5173"],
    ["a look-alike of the configured origin", () => production, "https://shop.example.com.evil.com"],
  ])("gets no CORS headers on its preflight, which Apollo Server refuses as it does without CORS: %s", async (_case, gateway, origin) => {
    const response = await preflight(gateway(), origin);
    const withoutOrigin = await fetch(gateway().gateway.graphqlUrl, { method: "OPTIONS", headers: { "access-control-request-method": "POST" } });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(withoutOrigin.status);
    expect(corsHeaders(response)).toEqual([]);
  });

  it("gets no CORS headers on a POST, which is still answered as without CORS", async () => {
    const response = await post(production, "https://evil.example.com");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: { id: "anonymous" } } });
    expect(corsHeaders(response)).toEqual([]);
  });
});

describe("a request from an allowed origin", () => {
  it.each([
    ["development", () => development, "http://localhost:5173"],
    ["production", () => production, PAGE],
  ])("is answered with Access-Control-Allow-Origin and readable correlation and rate-limit headers (%s)", async (_case, gateway, origin) => {
    const response = await post(gateway(), origin);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: { id: "anonymous" } } });
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(listed(response.headers.get("access-control-expose-headers"))).toEqual(
      expect.arrayContaining(["x-request-id", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"]),
    );
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(Number(response.headers.get("x-ratelimit-limit"))).toBeGreaterThan(0);
  });

  it("is not marked for a request without Origin (servers, curl)", async () => {
    const response = await post(development);
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual([]);
  });
});
