/**
 * `npm run bench:saga`: the checkout saga end to end, every service its own process on a Redis of its own.
 * Orders per second at saturation (placeOrder through the gateway until every saga is COMPLETED),
 * completion latency p50/p99 at a fixed arrival rate below saturation, SQL statements and Redis commands
 * per order, and each process's CPU per order (what bounds the rate). Run four times side by side:
 * consumers handling one message at a time and the default of several orders at once, each with an
 * instant test provider and with one as slow as a real PSP (BENCH_SAGA_PSP_LATENCY_MS, default 250). BENCH_SAGA_ORDERS (default 300) and BENCH_SAGA_CONCURRENCY (default 20) tune it.
 */
import { Client } from "pg";
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import type { Domain } from "../packages/config";
import { gatewayClient, type TestDatabase } from "../packages/testing";
import { createPrismaClient as usersPrisma } from "../subgraphs/users/src/repositories/prisma-client";
import { createPrismaClient as productsPrisma } from "../subgraphs/products/src/repositories/prisma-client";
import { createPrismaClient as inventoryPrisma } from "../subgraphs/inventory/src/repositories/prisma-client";
import { seedDemoCustomers, DEMO_CUSTOMER_PASSWORD } from "../subgraphs/users/src/seed";
import { seedDemoCatalogue } from "../subgraphs/products/src/seed";
import { seedDemoStock } from "../subgraphs/inventory/src/seed";
import { startServiceProcesses } from "./supergraph-processes";
import { printCostTable, redisCommandsPerOrder, snapshotCosts, statementsPerOrder, type CostSnapshot } from "./saga-costs";

const ORDERS = Number(process.env.BENCH_SAGA_ORDERS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_SAGA_CONCURRENCY ?? 20);
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

interface SagaRun {
  label: string;
  saturation: number;
  seconds: number;
  before: CostSnapshot;
  after: CostSnapshot;
  /** Completion latencies at the fixed rate, sorted. */
  latencies: number[];
}

/** Saturation, then a fixed arrival rate (half of saturation unless given), on a fresh set of service processes. */
async function runWith(label: string, workerSettings: Record<string, string>, fixedRate?: number): Promise<SagaRun & { rate: number }> {
  const processes = await startServiceProcesses(seed, workerSettings);
  try {
    const gateway = await processes.startGateway({ RATE_LIMITS_ENABLED: "false" });
    const request = gatewayClient(gateway.url);
    const login = await request<{ logIn: { token: string } }>(`mutation { logIn(email: "alice@shop.local", password: "${DEMO_CUSTOMER_PASSWORD}") { token } }`);
    const token = login.body.data!.logIn.token;
    let placedCount = 0;
    // Orders go round the catalogue, as a shop's do, rather than queueing on one product's stock row.
    const place = async () => {
      const product = DEMO_PRODUCTS[placedCount++ % DEMO_PRODUCTS.length]!;
      const { body } = await request(PLACE, { input: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: address, paymentToken: "tok_visa" } }, { token });
      if (body.errors) throw new Error(`placeOrder failed: ${JSON.stringify(body.errors)}`);
    };
    const ordersUrl = processes.databases.orders.url;

    // Saturation: as fast as CONCURRENCY clients can place them, until every saga has completed.
    const before = await snapshotCosts(processes, gateway.pid);
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
    const after = await snapshotCosts(processes, gateway.pid);
    const saturation = ORDERS / seconds;

    // A fixed arrival rate for 10 s; latency from placement to COMPLETED, read from the database.
    const rate = fixedRate ?? Math.max(1, Math.floor(saturation / 2));
    const fixedStart = new Date();
    const sends: Array<Promise<void>> = [];
    for (let n = 0; n < rate * 10; n += 1) {
      sends.push(place());
      await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
    }
    await Promise.all(sends);
    await waitForCompleted(ordersUrl, ORDERS + rate * 10);
    const latencies = (
      await sql<{ ms: string }>(
        ordersUrl,
        `SELECT extract(epoch FROM (s.updated_at - o.created_at)) * 1000 AS ms FROM checkout_sagas s JOIN orders o ON o.id = s.order_id WHERE o.created_at >= '${fixedStart.toISOString()}'`,
      )
    ).map((row) => Number(row.ms)).sort((a, b) => a - b);
    return { label, saturation, seconds, before, after, latencies, rate };
  } finally {
    await processes.stop();
  }
}

/** Each run beside the one-at-a-time run with the same provider, which its ratio is against. */
function printComparison(runs: Array<{ run: SagaRun; baseline: SagaRun }>, rate: number): void {
  console.log(`\nCheckout saga: ${ORDERS} orders at saturation with ${CONCURRENCY} clients, then ${rate * 10} at ${rate}/s\n`);
  console.log(`| stream consumers | orders/s at saturation | vs one at a time | p50 at ${rate}/s | p99 at ${rate}/s | SQL statements per order | Redis commands per order | machine CPU ms per order |`);
  console.log("|---|---|---|---|---|---|---|---|");
  for (const { run, baseline } of runs) {
    const machineMs = (run.after.machine.busy - run.before.machine.busy) / ORDERS;
    console.log(
      `| ${run.label} | ${run.saturation.toFixed(1)} | ${(run.saturation / baseline.saturation).toFixed(2)}x | ${percentile(run.latencies, 50).toFixed(0)} ms | ${percentile(run.latencies, 99).toFixed(0)} ms | ${statementsPerOrder(run.before, run.after, ORDERS).toFixed(1)} | ${redisCommandsPerOrder(run.before, run.after, ORDERS).toFixed(1)} | ${machineMs.toFixed(0)} |`,
    );
  }
}

/** A real PSP answers a charge in hundreds of milliseconds; the test provider is told to take this long. */
const PSP_LATENCY_MS = Number(process.env.BENCH_SAGA_PSP_LATENCY_MS ?? 250);

async function main(): Promise<void> {
  // The same load with each consumer handling one message at a time, then the default (different orders
  // side by side): with an instant provider, and with one that takes as long as a real PSP.
  const instant = { PAYMENT_TEST_PROVIDER_LATENCY_MS: "0" };
  const pspLike = { PAYMENT_TEST_PROVIDER_LATENCY_MS: String(PSP_LATENCY_MS) };
  const sequential = await runWith("one at a time (WORKER_CONCURRENCY=1), instant provider", { ...instant, WORKER_CONCURRENCY: "1" });
  const concurrent = await runWith("4 orders side by side (default), instant provider", instant, sequential.rate);
  const sequentialPsp = await runWith(`one at a time, provider taking ${PSP_LATENCY_MS} ms`, { ...pspLike, WORKER_CONCURRENCY: "1" }, sequential.rate);
  const concurrentPsp = await runWith(`4 orders side by side, provider taking ${PSP_LATENCY_MS} ms`, pspLike, sequential.rate);
  printComparison(
    [
      { run: sequential, baseline: sequential },
      { run: concurrent, baseline: sequential },
      { run: sequentialPsp, baseline: sequentialPsp },
      { run: concurrentPsp, baseline: sequentialPsp },
    ],
    sequential.rate,
  );
  printCostTable(concurrent.before, concurrent.after, ORDERS, concurrent.seconds);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
