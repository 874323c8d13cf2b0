import { randomBytes, randomUUID } from "node:crypto";
import Redis from "ioredis";
import { issueAccessToken } from "../packages/auth-token";
import { DEFAULT_REDIS_URL } from "../packages/config";
import { gatewayClient, startRedisServer, TEST_TOKEN_SETTINGS, type GatewayRequest, type RedisServerProcess, type RunningGateway } from "../packages/testing";
import type { Role } from "../packages/identity";
import type { RateLimitSettings } from "../gateway/src/edge-config";
import { startEdgeFixture, type EdgeFixture } from "./support/edge-fixture";

// Rate limits through the gateway, on a small supergraph (sign-in mutations, @rateLimit fields) and a
// real Redis. Client addresses come from X-Forwarded-For (the test client is on loopback, a trusted
// proxy by default); each test uses addresses of its own, so budgets never carry over between tests.
let fixture: EdgeFixture;
let redis: Redis;

const LOG_IN = `mutation ($email: String!) { logIn(email: $email, password: "pw") }`;

function limits(overrides: Partial<RateLimitSettings> = {}): Partial<RateLimitSettings> {
  return { enabled: true, keyPrefix: `test:rate-limit:${randomBytes(6).toString("hex")}`, ...overrides };
}

let addressCounter = 0;
/** A client address no other test uses. */
function newAddress(): string {
  addressCounter += 1;
  return `203.0.113.${addressCounter}`;
}

function from(address: string, extra: Record<string, string> = {}) {
  return { headers: { "x-forwarded-for": address, ...extra } };
}

function token(role: Role, userId = randomUUID()): string {
  // A session nobody ended: the gateway finds no revocation for it.
  return issueAccessToken(TEST_TOKEN_SETTINGS, { userId, role, sessionId: randomUUID() }).token;
}

async function inParallel<T>(count: number, send: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => send(index)));
}

function statuses(responses: Array<{ status: number }>): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of responses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

beforeAll(async () => {
  redis = new Redis(process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.ping();
  fixture = await startEdgeFixture();
});

afterAll(async () => {
  await fixture?.stop();
  redis?.disconnect();
});

describe("logIn and signUp limits", () => {
  let gateway: RunningGateway;
  let request: GatewayRequest;

  beforeAll(async () => {
    gateway = await fixture.startGateway(redis, { rateLimits: limits({ logInPerMinute: 10, signUpPerMinute: 10 }) });
    request = gatewayClient(gateway.gateway.graphqlUrl);
  });

  it("lets exactly 10 of 40 simultaneous logIn attempts for one address and email through", async () => {
    const address = newAddress();
    const responses = await inParallel(40, () => request(LOG_IN, { email: "alice@example.com" }, from(address)));
    expect(statuses(responses)).toEqual({ 200: 10, 429: 30 });
    const refused = responses.find((response) => response.status === 429)!;
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(refused.body.data).toBeUndefined();
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  });

  it("counts every aliased occurrence of logIn, and treats emails case-insensitively", async () => {
    const address = newAddress();
    const aliases = (count: number, email: string) =>
      `mutation { ${Array.from({ length: count }, (_, index) => `a${index}: logIn(email: "${email}", password: "pw")`).join(" ")} }`;
    expect((await request(aliases(11, "bob@example.com"), {}, from(address))).status).toBe(429);
    expect((await request(aliases(6, "carol@example.com"), {}, from(address))).status).toBe(200);
    expect((await request(aliases(4, "CAROL@example.com"), {}, from(address))).status).toBe(200);
    const over = await request(LOG_IN, { email: "Carol@Example.com" }, from(address));
    expect(over.status).toBe(429);
  });

  it("keeps a budget per address and per email", async () => {
    const [first, second] = [newAddress(), newAddress()];
    await inParallel(10, () => request(LOG_IN, { email: "dave@example.com" }, from(first)));
    expect((await request(LOG_IN, { email: "dave@example.com" }, from(first))).status).toBe(429);
    expect((await request(LOG_IN, { email: "erin@example.com" }, from(first))).status).toBe(200);
    expect((await request(LOG_IN, { email: "dave@example.com" }, from(second))).status).toBe(200);
  });

  it("keeps a budget for hostile emails too (NUL, lone surrogate, 100k characters), never failing on them", async () => {
    const address = newAddress();
    for (const email of ["nul\u0000@example.com", "\uD800@example.com", "x".repeat(100_000)]) {
      const response = await request(LOG_IN, { email }, from(address));
      expect({ status: response.status, errors: response.body.errors }).toEqual({ status: 200, errors: undefined });
    }
  });

  it("lets exactly 10 of 25 simultaneous signUps from one address through, whatever the emails", async () => {
    const address = newAddress();
    const SIGN_UP = `mutation ($email: String!) { signUp(input: { email: $email, password: "long-password", name: "N" }) }`;
    const responses = await inParallel(25, (index) => request(SIGN_UP, { email: `new-${index}@example.com` }, from(address)));
    expect(statuses(responses)).toEqual({ 200: 10, 429: 15 });
  });

  it("counts the refusals in the gateway's metrics", async () => {
    const text = await (await fetch(`${gateway.metrics.url}/metrics`)).text();
    expect(text).toMatch(/gateway_rate_limit_refusals_total\{service="gateway",limit="Mutation.logIn",reason="exceeded"\} [1-9]/);
  });
});

describe("requests per caller", () => {
  let request: GatewayRequest;

  beforeAll(async () => {
    const gateway = await fixture.startGateway(redis, { rateLimits: limits({ anonymousPerMinute: 5, customerPerMinute: 8, adminPerMinute: 12 }) });
    request = gatewayClient(gateway.gateway.graphqlUrl);
  });

  it("lets exactly 5 of 20 simultaneous anonymous requests from one address through, with Retry-After", async () => {
    const address = newAddress();
    const responses = await inParallel(20, () => request("{ me { id } }", {}, from(address)));
    expect(statuses(responses)).toEqual({ 200: 5, 429: 15 });
    const refused = responses.find((response) => response.status === 429)!;
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await request("{ me { id } }", {}, from(newAddress()))).status).toBe(200);
  });

  it("gives customers and admins their own allowances, by user wherever they call from", async () => {
    const customer = token("CUSTOMER");
    const admin = token("ADMIN");
    const customerResponses = await inParallel(20, () => request("{ me { id } }", {}, { token: customer, headers: { "x-forwarded-for": newAddress() } }));
    const adminResponses = await inParallel(20, () => request("{ me { id } }", {}, { token: admin, headers: { "x-forwarded-for": newAddress() } }));
    expect(statuses(customerResponses)).toEqual({ 200: 8, 429: 12 });
    expect(statuses(adminResponses)).toEqual({ 200: 12, 429: 8 });
    expect((await request("{ me { id } }", {}, { token: token("CUSTOMER") })).status).toBe(200);
  });
});

describe("X-RateLimit-* headers", () => {
  let request: GatewayRequest;

  beforeAll(async () => {
    const gateway = await fixture.startGateway(redis, { rateLimits: limits({ anonymousPerMinute: 4, logInPerMinute: 2 }) });
    request = gatewayClient(gateway.gateway.graphqlUrl);
  });

  function rateLimitHeaders(response: { headers: Headers }) {
    return {
      limit: Number(response.headers.get("x-ratelimit-limit")),
      remaining: Number(response.headers.get("x-ratelimit-remaining")),
      reset: Number(response.headers.get("x-ratelimit-reset")),
    };
  }

  it("count down the caller's budget on every answer, then come with the 429, the reset in seconds from now", async () => {
    const address = newAddress();
    const answers = [];
    for (let index = 0; index < 5; index += 1) answers.push(await request("{ me { id } }", {}, from(address)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 429]);
    expect(answers.map((answer) => rateLimitHeaders(answer))).toEqual([
      { limit: 4, remaining: 3, reset: expect.any(Number) },
      { limit: 4, remaining: 2, reset: expect.any(Number) },
      { limit: 4, remaining: 1, reset: expect.any(Number) },
      { limit: 4, remaining: 0, reset: expect.any(Number) },
      { limit: 4, remaining: 0, reset: expect.any(Number) },
    ]);
    for (const answer of answers) {
      expect(rateLimitHeaders(answer).reset).toBeGreaterThanOrEqual(1);
      expect(rateLimitHeaders(answer).reset).toBeLessThanOrEqual(60);
    }
    const refused = answers[4]!;
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBe(rateLimitHeaders(refused).reset);
  });

  it("report the most restrictive of the limits a request counted against", async () => {
    const address = newAddress();
    // The caller's limit then has 3 of 4 left, logIn's 1 of 2: logIn's is reported.
    const first = await request(LOG_IN, { email: "headers@example.com" }, from(address));
    expect(first.status).toBe(200);
    expect(rateLimitHeaders(first)).toMatchObject({ limit: 2, remaining: 1 });
    expect(rateLimitHeaders(await request(LOG_IN, { email: "headers@example.com" }, from(address)))).toMatchObject({ limit: 2, remaining: 0 });
    // Refused by logIn's limit while the caller's still has 1 left.
    const refused = await request(LOG_IN, { email: "headers@example.com" }, from(address));
    expect(refused.status).toBe(429);
    expect(rateLimitHeaders(refused)).toMatchObject({ limit: 2, remaining: 0 });
    expect(rateLimitHeaders(refused).reset).toBeGreaterThanOrEqual(1);
    // A query without logIn counts against the caller's limit only.
    expect(rateLimitHeaders(await request("{ me { id } }", {}, from(address)))).toMatchObject({ limit: 4, remaining: 0 });
  });

  it("are left out when rate limits are off", async () => {
    const gateway = await fixture.startGateway(redis, { rateLimits: { enabled: false } });
    const answer = await gatewayClient(gateway.gateway.graphqlUrl)("{ me { id } }");
    expect(answer.status).toBe(200);
    expect([...answer.headers.keys()].filter((name) => name.startsWith("x-ratelimit"))).toEqual([]);
  });
});

describe("limits shared by gateway replicas", () => {
  it("lets exactly 10 of 40 logIn attempts through when they are spread over two gateways sharing Redis", async () => {
    const shared = limits({ logInPerMinute: 10 });
    const [one, two] = [await fixture.startGateway(redis, { rateLimits: shared }), await fixture.startGateway(redis, { rateLimits: shared })];
    const clients = [gatewayClient(one.gateway.graphqlUrl), gatewayClient(two.gateway.graphqlUrl)];
    const address = newAddress();
    const responses = await inParallel(40, (index) => clients[index % 2]!(LOG_IN, { email: "shared@example.com" }, from(address)));
    expect(statuses(responses)).toEqual({ 200: 10, 429: 30 });
  });
});

describe("client addresses", () => {
  it("ignores X-Forwarded-For from a connection that is not a trusted proxy", async () => {
    // Loopback is not trusted here, so every request counts against 127.0.0.1 whatever it claims.
    const gateway = await fixture.startGateway(redis, { rateLimits: limits({ anonymousPerMinute: 3 }), trustedProxies: ["192.0.2.10"] });
    const request = gatewayClient(gateway.gateway.graphqlUrl);
    const responses = await inParallel(6, () => request("{ me { id } }", {}, from(newAddress())));
    expect(statuses(responses)).toEqual({ 200: 3, 429: 3 });
  });
});

describe("@rateLimit declared in subgraph schemas", () => {
  let request: GatewayRequest;

  beforeAll(async () => {
    const gateway = await fixture.startGateway(redis, { rateLimits: limits() });
    request = gatewayClient(gateway.gateway.graphqlUrl);
  });

  it("enforces a query field's limit from the supergraph, counting aliases", async () => {
    const address = newAddress();
    expect((await request(`{ a: search(text: "x") { id } b: search(text: "y") { id } }`, {}, from(address))).status).toBe(200);
    expect((await request(`{ search(text: "z") { id } }`, {}, from(address))).status).toBe(200);
    const refused = await request(`{ search(text: "z") { id } }`, {}, from(address));
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect((await request(`{ products(first: 1) { totalCount } }`, {}, from(address))).status).toBe(200);
  });

  it("keys a signed-in caller's budget by user, and uses identityArgs and the declared message", async () => {
    const caller = token("CUSTOMER");
    const INVITE = `mutation ($email: String!) { sendInvite(email: $email) }`;
    const responses = await inParallel(6, () => request(INVITE, { email: "friend@example.com" }, { token: caller, headers: { "x-forwarded-for": newAddress() } }));
    expect(statuses(responses)).toEqual({ 200: 2, 429: 4 });
    expect(responses.find((response) => response.status === 429)!.body.errors?.[0]?.message).toBe("Too many invitations");
    expect((await request(INVITE, { email: "other@example.com" }, { token: caller })).status).toBe(200);
  });
});

describe("while Redis is down", () => {
  let ownRedis: RedisServerProcess;
  let client: Redis;
  let request: GatewayRequest;

  beforeAll(async () => {
    ownRedis = await startRedisServer();
    client = new Redis(ownRedis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    client.on("error", () => {});
    await client.connect();
    const gateway = await fixture.startGateway(client, { rateLimits: limits({ anonymousPerMinute: 3 }) });
    request = gatewayClient(gateway.gateway.graphqlUrl);
    expect((await request(LOG_IN, { email: "before@example.com" }, from(newAddress()))).status).toBe(200);
    await ownRedis.stop();
    await new Promise<void>((resolve) => (client.status === "ready" ? client.once("close", () => resolve()) : resolve()));
  });

  afterAll(async () => {
    client?.disconnect();
    await ownRedis?.stop();
  });

  it("refuses logIn, signUp and limited mutations with RATE_LIMITED, HTTP 503 and Retry-After", async () => {
    for (const operation of [LOG_IN, `mutation ($email: String!) { signUp(input: { email: $email, password: "pw-pw-pw-pw", name: "N" }) }`, `mutation ($email: String!) { sendInvite(email: $email) }`]) {
      const response = await request(operation, { email: "during@example.com" }, from(newAddress()));
      expect(response.status).toBe(503);
      expect(response.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      expect(response.headers.get("retry-after")).toBe("10");
    }
  });

  it("still answers reads, each replica then limiting callers on its own", async () => {
    const address = newAddress();
    const responses = await inParallel(5, () => request(`{ me { id } search(text: "x") { id } }`, {}, from(address)));
    expect(statuses(responses)).toEqual({ 200: 3, 429: 2 });
    expect(responses.find((response) => response.status === 200)!.body.data).toEqual({ me: { id: "anonymous" }, search: [{ id: "p0" }] });
    // The in-memory fallback reports its budget too.
    expect(responses.find((response) => response.status === 429)!.headers.get("x-ratelimit-remaining")).toBe("0");
  });
});
