import { setTimeout as sleep } from "node:timers/promises";
import Redis from "ioredis";
import { DEFAULT_REDIS_URL } from "../packages/config";
import { gatewayClient, waitFor, type GatewayRequest, type GraphQLResponse, type RunningGateway } from "../packages/testing";
import type { SubgraphCallSettings } from "../gateway/src/edge-config";
import { SERVICE_UNAVAILABLE_MESSAGE } from "../gateway/src/subgraph-calls";
import { startEdgeFixture, type EdgeFixture } from "./support/edge-fixture";

// Subgraphs that go away, hang or fail, behind a gateway: the rest of each answer still arrives with an
// error for the missing part, queries (never mutations) are tried again, a breaker stops calling a
// failing subgraph, and the gateway stays ready for the others. Each block has subgraphs of its own.
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.ping();
});

afterAll(() => redis?.disconnect());

const BOTH = `{ me { id } products(first: 2) { totalCount } }`;

interface Setup {
  fixture: EdgeFixture;
  gateway: RunningGateway;
  request: GatewayRequest;
}

async function setUp(subgraphCalls: Partial<SubgraphCallSettings> = {}): Promise<Setup> {
  const fixture = await startEdgeFixture();
  const gateway = await fixture.startGateway(redis, { rateLimits: { enabled: false }, subgraphCalls });
  return { fixture, gateway, request: gatewayClient(gateway.gateway.graphqlUrl) };
}

const MASKED = { message: "Internal server error", code: "INTERNAL_SERVER_ERROR" };
const REFUSED_BY_BREAKER = { message: SERVICE_UNAVAILABLE_MESSAGE, code: "SERVICE_UNAVAILABLE" };

/** The products part is missing, with one error saying why (masked unless the breaker refused the call), and the rest arrived. */
function expectMissingProducts(response: Awaited<ReturnType<GatewayRequest>>, why = MASKED): void {
  expect(response.status).toBe(200);
  expect(response.body.data).toEqual({ me: { id: "anonymous" }, products: null });
  expect(response.body.errors).toEqual([
    { message: why.message, path: ["products"], extensions: { code: why.code, requestId: response.headers.get("x-request-id") } },
  ]);
}

async function readiness(gateway: RunningGateway): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${gateway.gateway.url}/ready`);
  return { status: response.status, body: await response.json() };
}

async function scrape(gateway: RunningGateway): Promise<string> {
  return (await fetch(`${gateway.metrics.url}/metrics`)).text();
}

describe("a subgraph killed mid-test", () => {
  let setup: Setup;
  beforeAll(async () => (setup = await setUp()));
  afterAll(async () => setup?.fixture.stop());

  it("answers the rest with an error for the missing part, and stays ready (degraded) until no subgraph is left", async () => {
    const { fixture, gateway, request } = setup;
    const before = await request(BOTH);
    expect(before.body).toEqual({ data: { me: { id: "anonymous" }, products: { totalCount: 5 } } });
    expect(await readiness(gateway)).toEqual({ status: 200, body: { status: "ready", breakers: { accounts: "closed", catalog: "closed" } } });

    await fixture.catalog.app.close();
    const after = await request(BOTH);
    expectMissingProducts(after);
    expect(JSON.stringify(after.body)).not.toMatch(/127\.0\.0\.1|ECONN|catalog|graphql|socket/i);

    expect(await readiness(gateway)).toEqual({ status: 200, body: { status: "degraded", breakers: { accounts: "closed", catalog: "closed" } } });

    await fixture.accounts.app.close();
    expect((await fetch(`${gateway.gateway.url}/ready`)).status).toBe(503);
  });
});

describe("a subgraph that does not answer in time", () => {
  let setup: Setup;
  beforeAll(async () => (setup = await setUp({ timeoutOverridesMs: { catalog: 300 }, retries: 2 })));
  afterAll(async () => setup?.fixture.stop());

  it("is given up after its timeout, once (timeouts are not retried), and the rest still arrives", async () => {
    const { fixture, request, gateway } = setup;
    fixture.catalog.control.hang = true;
    const callsBefore = fixture.catalog.control.calls;
    expectMissingProducts(await request(BOTH));
    expect(fixture.catalog.control.calls - callsBefore).toBe(1);
    expect(await scrape(gateway)).toMatch(/gateway_subgraph_fetches_total\{service="gateway",subgraph="catalog",outcome="timeout"\} [1-9]/);
  });
});

describe("retries", () => {
  let setup: Setup;
  beforeAll(async () => (setup = await setUp({ retries: 2 })));
  afterAll(async () => setup?.fixture.stop());

  it("tries a query again after a 503 and answers it", async () => {
    const { fixture, request } = setup;
    fixture.catalog.control.failNext = 2;
    const callsBefore = fixture.catalog.control.calls;
    const { body } = await request(`{ products(first: 1) { totalCount } }`);
    expect(body).toEqual({ data: { products: { totalCount: 5 } } });
    expect(fixture.catalog.control.calls - callsBefore).toBe(3);
  });

  it("gives up on a query after the configured retries", async () => {
    const { fixture, request } = setup;
    fixture.catalog.control.failNext = 3;
    const callsBefore = fixture.catalog.control.calls;
    expectMissingProducts(await request(BOTH));
    expect(fixture.catalog.control.calls - callsBefore).toBe(3);
  });

  it("never tries a mutation again", async () => {
    const { fixture, request } = setup;
    fixture.catalog.control.failNext = 1;
    const callsBefore = fixture.catalog.control.calls;
    const { body } = await request(`mutation { addToWishlist(productId: "p1") }`);
    expect(body.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    expect(fixture.catalog.control.calls - callsBefore).toBe(1);
    fixture.catalog.control.failNext = 0;
  });
});

describe("the circuit breaker", () => {
  let setup: Setup;
  const RESET_MS = 500;
  beforeAll(async () => (setup = await setUp({ retries: 0, breakerMinimumCalls: 3, breakerErrorPercent: 50, breakerResetMs: RESET_MS })));
  afterAll(async () => setup?.fixture.stop());

  it("stops calling a failing subgraph while the others still answer, then closes once it recovers", async () => {
    const { fixture, request, gateway } = setup;
    fixture.catalog.control.failNext = 1_000;
    for (let attempt = 0; attempt < 3; attempt += 1) expectMissingProducts(await request(BOTH));
    expect(fixture.catalog.control.calls).toBe(3);

    for (let attempt = 0; attempt < 5; attempt += 1) expectMissingProducts(await request(BOTH), REFUSED_BY_BREAKER);
    expect(fixture.catalog.control.calls).toBe(3);
    const open = await scrape(gateway);
    expect(open).toMatch(/gateway_subgraph_circuit_open\{service="gateway",subgraph="catalog"\} 1/);
    expect(open).toMatch(/gateway_subgraph_circuit_open\{service="gateway",subgraph="accounts"\} 0/);
    expect(open).toMatch(/gateway_subgraph_fetches_total\{service="gateway",subgraph="catalog",outcome="circuit_open"\} 5/);

    fixture.catalog.control.failNext = 0;
    let recovered: { body: GraphQLResponse<{ products: unknown }>["body"] } | undefined;
    for (let attempt = 0; attempt < 20 && !recovered?.body.data?.products; attempt += 1) {
      await sleep(RESET_MS / 2);
      recovered = await request<{ products: unknown }>(BOTH);
    }
    expect(recovered?.body).toEqual({ data: { me: { id: "anonymous" }, products: { totalCount: 5 } } });
    expect(await scrape(gateway)).toMatch(/gateway_subgraph_circuit_open\{service="gateway",subgraph="catalog"\} 0/);
  });
});

describe("a subgraph back while its breaker is open", () => {
  let setup: Setup;
  // The default reset time: without the recovery probe, the gateway would refuse the subgraph's calls this long.
  const RESET_MS = 10_000;
  beforeAll(async () => (setup = await setUp({ retries: 0, breakerMinimumCalls: 3, breakerErrorPercent: 50, breakerResetMs: RESET_MS, breakerProbeMs: 200 })));
  afterAll(async () => setup?.fixture.stop());

  it("is refused with SERVICE_UNAVAILABLE while down, shows in /ready and the metrics, and is called again within a second or two of answering", async () => {
    const { fixture, request, gateway } = setup;
    const catalog = fixture.catalog.control;
    catalog.failNext = 1_000;
    for (let attempt = 0; attempt < 3; attempt += 1) expectMissingProducts(await request(BOTH));

    const refused = await request(BOTH);
    expectMissingProducts(refused, REFUSED_BY_BREAKER);
    expect(JSON.stringify(refused.body)).not.toMatch(/catalog|127\.0\.0\.1|breaker|circuit/i);
    expect(await readiness(gateway)).toEqual({ status: 200, body: { status: "degraded", breakers: { accounts: "closed", catalog: "open" } } });
    const open = await scrape(gateway);
    expect(open).toMatch(/gateway_subgraph_breaker_state\{service="gateway",subgraph="catalog",state="open"\} 1/);
    expect(open).toMatch(/gateway_subgraph_breaker_state\{service="gateway",subgraph="catalog",state="closed"\} 0/);
    expect(open).toMatch(/gateway_subgraph_breaker_state\{service="gateway",subgraph="accounts",state="closed"\} 1/);
    // While open, the breaker asks the subgraph whether it is back (and it is not yet).
    await waitFor("a health check from the open breaker", async () => catalog.healthChecks > 0, 5_000);
    expect(catalog.calls).toBe(3);

    catalog.failNext = 0;
    // Bounded well under the 10 s reset: the first health check after the subgraph is back closes the breaker.
    const recovered = await waitFor(
      "the products part of the answer",
      async () => {
        const response = await request<{ products: unknown }>(BOTH);
        return response.body.data?.products ? response : null;
      },
      3_000,
    );
    expect(recovered.body).toEqual({ data: { me: { id: "anonymous" }, products: { totalCount: 5 } } });
    expect(catalog.calls).toBe(4);
    expect(await readiness(gateway)).toEqual({ status: 200, body: { status: "ready", breakers: { accounts: "closed", catalog: "closed" } } });
    expect(await scrape(gateway)).toMatch(/gateway_subgraph_breaker_state\{service="gateway",subgraph="catalog",state="closed"\} 1/);
  });
});
