import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import Redis from "ioredis";
import { Client } from "pg";
import { DOMAINS, type Domain } from "../../packages/config";
import { DEMO_PRODUCTS } from "../../packages/demo-catalogue";
import { Streams } from "../../packages/messaging";
import {
  createTestDatabase,
  freePort,
  gatewayClient,
  spawnService,
  TEST_SIGNING_SECRET,
  TEST_TOKEN_SETTINGS,
  waitForOk,
  type ServiceProcess,
  type TestDatabase,
} from "../../packages/testing";
import { createPrismaClient as usersPrisma } from "../../subgraphs/users/src/repositories/prisma-client";
import { createPrismaClient as productsPrisma } from "../../subgraphs/products/src/repositories/prisma-client";
import { createPrismaClient as inventoryPrisma } from "../../subgraphs/inventory/src/repositories/prisma-client";
import { seedDemoCustomers, DEMO_CUSTOMER_PASSWORD } from "../../subgraphs/users/src/seed";
import { seedDemoCatalogue } from "../../subgraphs/products/src/seed";
import { seedDemoStock } from "../../subgraphs/inventory/src/seed";

// Faults in the checkout saga with every service as its own process (as in production) and a Redis of
// this test's own: participants and the orchestrator killed with SIGKILL mid-saga, and Redis restarted
// without its data. Afterwards every saga must end, and the invariants hold across the databases.
jest.setTimeout(240_000);

const databases = {} as Record<Domain, TestDatabase>;
const services = new Map<string, ServiceProcess>();
const env: NodeJS.ProcessEnv = {};
let redisPort = 0;
let redisPid = 0;
let gatewayUrl = "";
let token = "";
const placed: string[] = [];
const speaker = DEMO_PRODUCTS.find((product) => product.sku === "EL-1005")!; // 75 units

async function startRedis(): Promise<void> {
  const child = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  redisPid = child.pid!;
  const probe = new Redis(`redis://127.0.0.1:${redisPort}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => {});
  for (let tries = 0; tries < 100; tries += 1) {
    if (await probe.connect().then(() => true, () => false)) break;
    await sleep(50);
  }
  probe.disconnect();
}

function start(entry: string): void {
  services.set(entry, spawnService(entry, env, "ignore"));
}

function killHard(entry: string): void {
  process.kill(services.get(entry)!.pid, "SIGKILL");
}

async function sql<T>(domain: Domain, query: string): Promise<T[]> {
  const client = new Client({ connectionString: databases[domain].url });
  await client.connect();
  try {
    return (await client.query(query)).rows as T[];
  } finally {
    await client.end();
  }
}

async function placeOrders(count: number): Promise<string[]> {
  const request = gatewayClient(gatewayUrl);
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const { body } = await request<{ placeOrder: { id: string } }>(
      `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
      { input: { items: [{ productId: speaker.id, quantity: 1 }], shippingAddress: { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" }, paymentToken: n % 3 === 2 ? "tok_chargeDeclined" : "tok_visa" } },
      { token },
    );
    if (!body.data) throw new Error(`placeOrder failed: ${JSON.stringify(body.errors)}`);
    ids.push(body.data.placeOrder.id);
  }
  placed.push(...ids);
  return ids;
}

/** Waits until every saga has ended (bounded), then returns their statuses. */
async function allSagasEnded(timeoutMs = 90_000): Promise<Array<{ order_id: string; status: string; order_status: string }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await sql<{ order_id: string; status: string; order_status: string }>(
      "orders",
      `SELECT s.order_id::text, s.status::text, o.status::text AS order_status FROM checkout_sagas s JOIN orders o ON o.id = s.order_id`,
    );
    if (rows.length === placed.length && rows.every((row) => row.status === "COMPLETED" || row.status === "COMPENSATED")) return rows;
    if (Date.now() > deadline) throw new Error(`sagas still open: ${JSON.stringify(rows.filter((row) => !["COMPLETED", "COMPENSATED"].includes(row.status)))}`);
    await sleep(250);
  }
}

beforeAll(async () => {
  for (const domain of DOMAINS) databases[domain] = await createTestDatabase(domain);
  const users = usersPrisma(databases.users.url);
  const products = productsPrisma(databases.products.url);
  const inventory = inventoryPrisma(databases.inventory.url);
  await seedDemoCustomers(users);
  await seedDemoCatalogue(products);
  await seedDemoStock(inventory);
  await Promise.all([users.$disconnect(), products.$disconnect(), inventory.$disconnect()]);

  redisPort = await freePort();
  await startRedis();
  Object.assign(env, process.env, {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
    JWT_SECRET: TEST_TOKEN_SETTINGS.secret,
    RATE_LIMITS_ENABLED: "false",
    METRICS_PORT: "0",
    WORKER_CLAIM_IDLE_MS: "1000",
    WORKER_BLOCK_MS: "200",
    WORKER_RELAY_INTERVAL_MS: "20",
    SAGA_DEADLINE_MS: "30000",
    SAGA_RESEND_AFTER_MS: "3000",
    SAGA_SWEEP_INTERVAL_MS: "250",
    PAYMENT_PROVIDER_TIMEOUT_MS: "2000",
  });
  for (const domain of DOMAINS) {
    const port = await freePort();
    env[`${domain.toUpperCase()}_PORT`] = String(port);
    env[`${domain.toUpperCase()}_DATABASE_URL`] = databases[domain].url;
    env[`${domain.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  env.PRODUCTS_URL = env.PRODUCTS_URL ?? `http://127.0.0.1:${env.PRODUCTS_PORT}/graphql`;
  env.GATEWAY_PORT = String(await freePort());
  gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
  for (const domain of DOMAINS) start(`subgraphs/${domain}/src/index.ts`);
  start("gateway/src/index.ts");
  await waitForOk(`http://127.0.0.1:${env.GATEWAY_PORT}/ready`, 90_000);
  const { body } = await gatewayClient(gatewayUrl)<{ logIn: { token: string } }>(
    `mutation { logIn(email: "alice@shop.local", password: "${DEMO_CUSTOMER_PASSWORD}") { token } }`,
  );
  token = body.data!.logIn.token;
}, 180_000);

afterAll(async () => {
  await Promise.all([...services.values()].map((service) => service.stop()));
  if (redisPid) process.kill(redisPid, "SIGKILL");
  await Promise.all(Object.values(databases).map((database) => database.drop()));
});

it("ends every saga when participants and the orchestrator are killed mid-saga", async () => {
  await placeOrders(6);
  for (const entry of ["subgraphs/payments/src/index.ts", "subgraphs/orders/src/index.ts", "subgraphs/inventory/src/index.ts"]) killHard(entry);
  await sleep(500);
  for (const entry of ["subgraphs/payments/src/index.ts", "subgraphs/orders/src/index.ts", "subgraphs/inventory/src/index.ts"]) start(entry);
  await allSagasEnded();
});

it("ends every saga when Redis restarts without its data mid-flow", async () => {
  await placeOrders(6);
  process.kill(redisPid, "SIGKILL");
  await sleep(300);
  await startRedis();
  await allSagasEnded();
});

it("keeps the invariants: no oversell, captures matched, one effect each, nothing left pending", async () => {
  const sagas = await allSagasEnded();
  const confirmed = new Set(sagas.filter((saga) => saga.order_status === "CONFIRMED").map((saga) => saga.order_id));
  expect(sagas.every((saga) => (saga.status === "COMPLETED") === confirmed.has(saga.order_id))).toBe(true);
  expect(confirmed.size).toBe(placed.filter((_, index) => index % 3 !== 2).length);

  const [stock] = await sql<{ on_hand: number; reserved: number }>("inventory", `SELECT on_hand, reserved FROM stock_levels WHERE product_id = '${speaker.id}'`);
  const [held] = await sql<{ units: string }>("inventory", `SELECT coalesce(sum(quantity), 0) AS units FROM stock_reservations WHERE status = 'RESERVED'`);
  expect(stock!.reserved).toBe(Number(held!.units));
  expect(stock!.reserved).toBe(confirmed.size);
  expect(stock!.reserved).toBeLessThanOrEqual(stock!.on_hand);

  const payments = await sql<{ order_id: string; status: string }>("payments", `SELECT order_id::text, status::text FROM payments`);
  expect(new Set(payments.map((payment) => payment.order_id)).size).toBe(payments.length);
  for (const payment of payments.filter((candidate) => candidate.status === "CAPTURED")) expect(confirmed.has(payment.order_id)).toBe(true);
  expect(payments.filter((payment) => payment.status === "CAPTURED")).toHaveLength(confirmed.size);

  const shipments = await sql<{ order_id: string }>("shipping", `SELECT order_id::text FROM shipments`);
  expect(shipments.map((shipment) => shipment.order_id).sort()).toEqual([...confirmed].sort());

  const deadline = Date.now() + 30_000;
  const redis = new Redis(`redis://127.0.0.1:${redisPort}`);
  try {
    for (;;) {
      const notes = await sql<{ order_id: string; kind: string }>("notifications", `SELECT order_id::text, kind::text FROM notifications WHERE kind = 'ORDER_CONFIRMED'`);
      const unpublished = (await Promise.all(DOMAINS.map((domain) => sql<{ n: string }>(domain, `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`).catch(() => [{ n: "0" }])))).reduce(
        (sum, rows) => sum + Number(rows[0]!.n),
        0,
      );
      let pending = 0;
      for (const stream of Object.values(Streams)) {
        const groups = (await redis.xinfo("GROUPS", stream).catch(() => [])) as unknown[][];
        for (const group of groups) pending += Number(group[group.indexOf("pending") + 1]);
      }
      const notified = new Set(notes.map((note) => note.order_id));
      if (unpublished === 0 && pending === 0 && notes.length === confirmed.size && [...confirmed].every((id) => notified.has(id))) break;
      if (Date.now() > deadline) throw new Error(`left over: ${unpublished} unpublished, ${pending} pending, ${notes.length}/${confirmed.size} notified`);
      await sleep(250);
    }
  } finally {
    redis.disconnect();
  }
});
