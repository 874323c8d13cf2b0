/**
 * `npm run bench:saga`: the checkout saga end to end, every service its own process on a Redis of its own.
 * Orders per second at saturation (placeOrder through the gateway until every saga is COMPLETED),
 * completion latency p50/p99 at a fixed arrival rate below saturation, and database transactions and
 * Redis commands per order. BENCH_SAGA_ORDERS (default 300) and BENCH_SAGA_CONCURRENCY (default 20) tune it.
 */
import { Client } from "pg";
import Redis from "ioredis";
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import { DOMAINS, type Domain } from "../packages/config";
import { gatewayClient, type TestDatabase } from "../packages/testing";
import { createPrismaClient as usersPrisma } from "../subgraphs/users/src/repositories/prisma-client";
import { createPrismaClient as productsPrisma } from "../subgraphs/products/src/repositories/prisma-client";
import { createPrismaClient as inventoryPrisma } from "../subgraphs/inventory/src/repositories/prisma-client";
import { seedDemoCustomers, DEMO_CUSTOMER_PASSWORD } from "../subgraphs/users/src/seed";
import { seedDemoCatalogue } from "../subgraphs/products/src/seed";
import { seedDemoStock } from "../subgraphs/inventory/src/seed";
import { startServiceProcesses } from "./supergraph-processes";

const ORDERS = Number(process.env.BENCH_SAGA_ORDERS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_SAGA_CONCURRENCY ?? 20);
const product = DEMO_PRODUCTS.find((candidate) => candidate.sku === "EL-1003")!;
const PLACE = `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
const address = { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" };

async function sql<T>(url: string, query: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(query)).rows as T[];
  } finally {
    await client.end();
  }
}

async function seed(databases: Record<Domain, TestDatabase>): Promise<void> {
  const users = usersPrisma(databases.users.url);
  const products = productsPrisma(databases.products.url);
  const inventory = inventoryPrisma(databases.inventory.url);
  await seedDemoCustomers(users);
  await seedDemoCatalogue(products);
  await seedDemoStock(inventory);
  await Promise.all([users.$disconnect(), products.$disconnect(), inventory.$disconnect()]);
  await sql(databases.inventory.url, `UPDATE stock_levels SET on_hand = 1000000`);
}

async function transactions(databases: Record<Domain, TestDatabase>): Promise<number> {
  const names = DOMAINS.map((domain) => `'${new URL(databases[domain].url).pathname.slice(1)}'`).join(",");
  const [row] = await sql<{ n: string }>(databases.orders.url, `SELECT sum(xact_commit + xact_rollback) AS n FROM pg_stat_database WHERE datname IN (${names})`);
  return Number(row!.n);
}

async function redisCommands(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    const stats = await redis.info("commandstats");
    return [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  } finally {
    redis.disconnect();
  }
}

async function completedCount(ordersUrl: string): Promise<number> {
  const [row] = await sql<{ n: string }>(ordersUrl, `SELECT count(*) AS n FROM checkout_sagas WHERE status = 'COMPLETED'`);
  return Number(row!.n);
}

async function waitForCompleted(ordersUrl: string, total: number, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await completedCount(ordersUrl)) < total) {
    if (Date.now() > deadline) throw new Error(`only ${await completedCount(ordersUrl)} of ${total} sagas completed in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const processes = await startServiceProcesses(seed);
  try {
    const gateway = await processes.startGateway({ RATE_LIMITS_ENABLED: "false" });
    const request = gatewayClient(gateway.url);
    const login = await request<{ logIn: { token: string } }>(`mutation { logIn(email: "alice@shop.local", password: "${DEMO_CUSTOMER_PASSWORD}") { token } }`);
    const token = login.body.data!.logIn.token;
    const place = async () => {
      const { body } = await request(PLACE, { input: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: address, paymentToken: "tok_visa" } }, { token });
      if (body.errors) throw new Error(`placeOrder failed: ${JSON.stringify(body.errors)}`);
    };
    const ordersUrl = processes.databases.orders.url;

    // Saturation: as fast as CONCURRENCY clients can place them, until every saga has completed.
    const [txBefore, redisBefore] = [await transactions(processes.databases), await redisCommands(processes.redisUrl)];
    const started = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < ORDERS) {
        next += 1;
        await place();
      }
    }));
    await waitForCompleted(ordersUrl, ORDERS);
    const seconds = (Date.now() - started) / 1000;
    const perOrderTx = ((await transactions(processes.databases)) - txBefore) / ORDERS;
    const perOrderRedis = ((await redisCommands(processes.redisUrl)) - redisBefore) / ORDERS;
    const saturation = ORDERS / seconds;

    // A fixed arrival rate at half of saturation for 10 s; latency from placement to COMPLETED, from the database.
    const rate = Math.max(1, Math.floor(saturation / 2));
    const fixedOrders = rate * 10;
    const fixedStart = new Date();
    const sends: Array<Promise<void>> = [];
    for (let n = 0; n < fixedOrders; n += 1) {
      sends.push(place());
      await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
    }
    await Promise.all(sends);
    await waitForCompleted(ordersUrl, ORDERS + fixedOrders);
    const latencies = (
      await sql<{ ms: string }>(
        ordersUrl,
        `SELECT extract(epoch FROM (s.updated_at - o.created_at)) * 1000 AS ms FROM checkout_sagas s JOIN orders o ON o.id = s.order_id WHERE o.created_at >= '${fixedStart.toISOString()}'`,
      )
    ).map((row) => Number(row.ms)).sort((a, b) => a - b);

    console.log(`\nCheckout saga (${ORDERS} orders at saturation with ${CONCURRENCY} clients; ${fixedOrders} at ${rate}/s)\n`);
    console.log("| measure | value |");
    console.log("|---|---|");
    console.log(`| orders completed per second at saturation | ${saturation.toFixed(1)} |`);
    console.log(`| completion latency p50 at ${rate} orders/s | ${percentile(latencies, 50).toFixed(0)} ms |`);
    console.log(`| completion latency p99 at ${rate} orders/s | ${percentile(latencies, 99).toFixed(0)} ms |`);
    console.log(`| database transactions per order (all seven databases) | ${perOrderTx.toFixed(1)} |`);
    console.log(`| Redis commands per order | ${perOrderRedis.toFixed(1)} |`);
  } finally {
    await processes.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
