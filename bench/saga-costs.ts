import Redis from "ioredis";
import { Client } from "pg";
import { DOMAINS, type Domain } from "../packages/config";
import { cpuSnapshot } from "./process-cpu";
import { scrapeMetrics, sumSeries } from "./prometheus";
import { serviceCpuProcesses, type ServiceProcesses } from "./supergraph-processes";

/** Counters read before and after a run; the difference divided by the orders is the cost of one order. */
export interface CostSnapshot {
  cpuMs: Record<string, number>;
  statements: Record<Domain, number>;
  /** Committed and rolled-back transactions in the services' databases, single statements included. */
  transactions: number;
  redisCommands: number;
  machine: { busy: number; total: number };
}

async function statementsOf(subgraphUrl: string): Promise<number> {
  return sumSeries(await scrapeMetrics(new URL("/metrics", subgraphUrl).toString()), "db_statements_total");
}

async function redisCommandsOf(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    const stats = await redis.info("commandstats");
    return [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  } finally {
    redis.disconnect();
  }
}

async function transactionsIn(processes: ServiceProcesses): Promise<number> {
  const names = DOMAINS.map((domain) => new URL(processes.databases[domain].url).pathname.slice(1));
  const client = new Client({ connectionString: processes.databases.orders.url });
  await client.connect();
  try {
    // Statistics reach pg_stat_database when a backend flushes them (at most a second later).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const { rows } = await client.query<{ n: string }>(`SELECT sum(xact_commit + xact_rollback) AS n FROM pg_stat_database WHERE datname = ANY($1)`, [names]);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

export async function snapshotCosts(processes: ServiceProcesses, gatewayPid: number): Promise<CostSnapshot> {
  const { byProcess: cpuMs, machine } = cpuSnapshot(serviceCpuProcesses(processes, gatewayPid));
  const statements = {} as Record<Domain, number>;
  for (const domain of DOMAINS) statements[domain] = await statementsOf(processes.subgraphUrls[domain]);
  return { cpuMs, statements, transactions: await transactionsIn(processes), redisCommands: await redisCommandsOf(processes.redisUrl), machine };
}

/** One row per process: CPU per order, and how much of one core it kept busy during the run. */
export function printCostTable(before: CostSnapshot, after: CostSnapshot, orders: number, seconds: number): void {
  console.log(`\nWhere one order's CPU goes at saturation (${orders} orders in ${seconds.toFixed(1)} s)\n`);
  console.log("| process | CPU ms per order | share of one core | SQL statements per order |");
  console.log("|---|---|---|---|");
  for (const name of Object.keys(after.cpuMs)) {
    const cpu = after.cpuMs[name]! - (before.cpuMs[name] ?? 0);
    const statements = (DOMAINS as readonly string[]).includes(name)
      ? ((after.statements[name as Domain] - before.statements[name as Domain]) / orders).toFixed(1)
      : "";
    console.log(`| ${name} | ${(cpu / orders).toFixed(1)} | ${((cpu / (seconds * 1000)) * 100).toFixed(0)}% | ${statements} |`);
  }
  const busy = after.machine.busy - before.machine.busy;
  const total = after.machine.total - before.machine.total;
  console.log(`| whole machine | ${(busy / orders).toFixed(1)} | ${((busy / total) * 100).toFixed(0)}% of all cores busy | |`);
}

export function statementsPerOrder(before: CostSnapshot, after: CostSnapshot, orders: number): number {
  return DOMAINS.reduce((sum, domain) => sum + after.statements[domain] - before.statements[domain], 0) / orders;
}

export function transactionsPerOrder(before: CostSnapshot, after: CostSnapshot, orders: number): number {
  return (after.transactions - before.transactions) / orders;
}

export function redisCommandsPerOrder(before: CostSnapshot, after: CostSnapshot, orders: number): number {
  return (after.redisCommands - before.redisCommands) / orders;
}
