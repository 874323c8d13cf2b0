/**
 * `npm run bench:saga`: the checkout saga end to end, every service its own process on a Redis of its own.
 * Orders per second at saturation (placeOrder through the gateway until every saga is COMPLETED),
 * completion latency and placeOrder's own latency (p50/p99) at a fixed arrival rate below saturation, SQL statements, PostgreSQL
 * transactions and Redis commands per order, and each process's CPU per order (what bounds the rate).
 * Run side by side with stream consumers committing 1 entry per transaction (the design before batches),
 * 10 and 100 (WORKER_BATCH_SIZE), with an instant test provider, and the largest again with orders asking
 * products and shipping on every placeOrder (ORDERS_KEEP_OWNER_ANSWERS=false, the design before it kept their
 * answers); then 1 and 100 with a provider as slow as a real PSP (BENCH_SAGA_PSP_LATENCY_MS, default 250). BENCH_SAGA_ORDERS (default 300) and
 * BENCH_SAGA_CONCURRENCY (default 20) tune it; BENCH_SAGA_BATCH_SIZES (e.g. "1,100") picks the instant runs,
 * BENCH_SAGA_RATE the fixed arrival rate, BENCH_CPU_PROF_DIR writes CPU profiles (bench/profile-summary.ts).
 */
import { Client } from "pg";
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import type { Domain } from "../packages/config";
import { gatewayClient, seedDemoDatabases, type TestDatabase } from "../packages/testing";
import { DEMO_CUSTOMER_PASSWORD } from "../subgraphs/users/src/seed";
import { startServiceProcesses } from "./supergraph-processes";
import { printCostTable, redisCommandsPerOrder, snapshotCosts, statementsPerOrder, transactionsPerOrder, type CostSnapshot } from "./saga-costs";

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
  await seedDemoDatabases({ users: databases.users.url, products: databases.products.url, inventory: databases.inventory.url });
  await sql(databases.inventory.url, `UPDATE stock_levels SET on_hand = 1000000`);
}

async function completedCount(ordersUrl: string): Promise<number> {
  const [row] = await sql<{ n: string }>(ordersUrl, `SELECT count(*) AS n FROM checkout_sagas WHERE status = 'COMPLETED'`);
  return Number(row!.n);
}

async function waitForCompleted(ordersUrl: string, total: number, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await completedCount(ordersUrl)) < total) {
    if (Date.now() > deadline) {
      // What the others are doing says why: still running (which step), failed, or flagged for people.
      const unfinished = await sql<{ status: string; flag_reason: string | null; steps: string; n: string }>(
        ordersUrl,
        `SELECT s.status, s.flag_reason, string_agg(st.name || '=' || st.status || '/' || st.attempts || coalesce(':' || st.error, ''), ' ' ORDER BY st.position) AS steps, count(*) OVER (PARTITION BY s.status) AS n
           FROM checkout_sagas s JOIN saga_steps st ON st.order_id = s.order_id WHERE s.status <> 'COMPLETED' GROUP BY s.order_id, s.status, s.flag_reason LIMIT 5`,
      );
      throw new Error(`only ${await completedCount(ordersUrl)} of ${total} sagas completed in time; some of the others: ${JSON.stringify(unfinished, null, 1)}`);
    }
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
  /** How long placeOrder itself took at the fixed rate (the client's view, through the gateway), sorted. */
  placeLatencies: number[];
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
    const placeLatencies: number[] = [];
    const timedPlace = async () => {
      const sent = performance.now();
      await place();
      placeLatencies.push(performance.now() - sent);
    };
    for (let n = 0; n < rate * 10; n += 1) {
      sends.push(timedPlace());
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
    placeLatencies.sort((a, b) => a - b);
    return { label, saturation, seconds, before, after, latencies, placeLatencies, rate };
  } finally {
    await processes.stop();
  }
}

/** Each run beside the one-entry-per-transaction run with the same provider, which its ratio is against. */
function printComparison(runs: Array<{ run: SagaRun; baseline: SagaRun }>, rate: number): void {
  console.log(`\nCheckout saga: ${ORDERS} orders at saturation with ${CONCURRENCY} clients, then ${rate * 10} at ${rate}/s\n`);
  console.log(`| stream consumers | orders/s at saturation | vs 1 per transaction | completion p50 / p99 at ${rate}/s | placeOrder p50 / p99 at ${rate}/s | SQL statements per order | PostgreSQL transactions per order | Redis commands per order | machine CPU ms per order |`);
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const { run, baseline } of runs) {
    const machineMs = (run.after.machine.busy - run.before.machine.busy) / ORDERS;
    console.log(
      `| ${run.label} | ${run.saturation.toFixed(1)} | ${(run.saturation / baseline.saturation).toFixed(2)}x | ${percentile(run.latencies, 50).toFixed(0)} / ${percentile(run.latencies, 99).toFixed(0)} ms | ${percentile(run.placeLatencies, 50).toFixed(0)} / ${percentile(run.placeLatencies, 99).toFixed(0)} ms | ${statementsPerOrder(run.before, run.after, ORDERS).toFixed(1)} | ${transactionsPerOrder(run.before, run.after, ORDERS).toFixed(1)} | ${redisCommandsPerOrder(run.before, run.after, ORDERS).toFixed(1)} | ${machineMs.toFixed(1)} |`,
    );
  }
}

/** A real PSP answers a charge in hundreds of milliseconds; the test provider is told to take this long. */
const PSP_LATENCY_MS = Number(process.env.BENCH_SAGA_PSP_LATENCY_MS ?? 250);

const BATCH_SIZES = (process.env.BENCH_SAGA_BATCH_SIZES ?? "1,10,100").split(",").map(Number);

async function main(): Promise<void> {
  // The same load with consumers committing 1, 10 and 100 entries per transaction, with an instant
  // provider; then 1 and 100 with a provider that takes as long as a real PSP. The first run of each
  // provider is the baseline its ratios are against, and fixes the arrival rate of the latency runs.
  const instant = { PAYMENT_TEST_PROVIDER_LATENCY_MS: "0" };
  const pspLike = { PAYMENT_TEST_PROVIDER_LATENCY_MS: String(PSP_LATENCY_MS) };
  const batch = (size: number) => ({ WORKER_BATCH_SIZE: String(size) });
  const instantRuns: SagaRun[] = [];
  // BENCH_SAGA_RATE fixes the arrival rate of the latency runs (e.g. 50 orders/s); by default half the first run's saturation.
  let rate: number | undefined = process.env.BENCH_SAGA_RATE ? Number(process.env.BENCH_SAGA_RATE) : undefined;
  for (const size of BATCH_SIZES) {
    const run = await runWith(`${size} per transaction, instant provider`, { ...instant, ...batch(size) }, rate);
    rate ??= run.rate;
    instantRuns.push(run);
  }
  // The same as the last, with orders asking products and shipping on every placeOrder (the design before VersionedMemo).
  const lastSize = BATCH_SIZES[BATCH_SIZES.length - 1]!;
  instantRuns.push(await runWith(`${lastSize} per transaction, instant provider, orders asks products and shipping each time`, { ...instant, ...batch(lastSize), ORDERS_KEEP_OWNER_ANSWERS: "false" }, rate));
  const pspRuns: SagaRun[] = [];
  // BENCH_SAGA_PSP_LATENCY_MS=0 leaves the slow-provider runs out.
  const pspSizes = PSP_LATENCY_MS > 0 ? [...new Set([BATCH_SIZES[0]!, BATCH_SIZES[BATCH_SIZES.length - 1]!])] : [];
  for (const size of pspSizes) {
    pspRuns.push(await runWith(`${size} per transaction, provider taking ${PSP_LATENCY_MS} ms`, { ...pspLike, ...batch(size) }, rate));
  }
  // With a slow provider, a consumer's calls in flight bound it (WORKER_CONCURRENCY / latency): the same with more of them.
  if (PSP_LATENCY_MS > 0) {
    const size = BATCH_SIZES[BATCH_SIZES.length - 1]!;
    pspRuns.push(await runWith(`${size} per transaction, provider taking ${PSP_LATENCY_MS} ms, WORKER_CONCURRENCY=32`, { ...pspLike, ...batch(size), WORKER_CONCURRENCY: "32" }, rate));
  }
  printComparison(
    [...instantRuns.map((run) => ({ run, baseline: instantRuns[0]! })), ...pspRuns.map((run) => ({ run, baseline: pspRuns[0]! }))],
    rate!,
  );
  const best = instantRuns[instantRuns.length - 2]!;
  printCostTable(best.before, best.after, ORDERS, best.seconds);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
