/**
 * `npm run bench`: one run, one table. Requests per second, p50/p99 latency and gateway CPU per
 * request for a shallow and a deep query, through the gateway and straight to the products
 * subgraph; on the deep query also the gateway without its edge plugins (rate limits, operation
 * limits) and with @apollo/gateway's default HTTP client instead of the keep-alive one; then SQL
 * statements per request at 4 and 40 items. BENCH_DURATION (seconds per row, default 10),
 * BENCH_CONNECTIONS (default 10) and BENCH_ROUNDS (how many turns compared configurations take, default 5)
 * tune the load.
 */
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import { signIdentity } from "../packages/identity";
import { TEST_SIGNING_SECRET } from "../packages/testing";
import { seedDemoStock } from "../subgraphs/inventory/src/seed";
import { createPrismaClient as inventoryPrisma } from "../subgraphs/inventory/src/repositories/prisma-client";
import { seedDemoCatalogue } from "../subgraphs/products/src/seed";
import { createPrismaClient as productsPrisma } from "../subgraphs/products/src/repositories/prisma-client";
import { runLoad, type LoadResult } from "./load";
import { processCpuMs } from "./process-cpu";
import { DEEP_PRODUCTS_ONLY_QUERY, deepQuery, SHALLOW_QUERY } from "./queries";
import { measureSqlPerRequest } from "./sql-per-request";
import { startServiceProcesses, type ServiceProcesses } from "./supergraph-processes";

const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const comparisonRounds = Number(process.env.BENCH_ROUNDS ?? 5);

interface GatewayVariant {
  target: string;
  /** Gateway settings on top of the production defaults. */
  settings: Record<string, string>;
}

const STANDARD: GatewayVariant = { target: "gateway", settings: {} };
const WITHOUT_EDGE: GatewayVariant = {
  target: "gateway, edge plugins off",
  settings: { RATE_LIMITS_ENABLED: "false", OPERATION_LIMITS_ENABLED: "false" },
};
const DEFAULT_CLIENT: GatewayVariant = { target: "gateway, default HTTP client", settings: { SUBGRAPH_HTTP_CLIENT: "default" } };

interface Scenario {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  directQuery: string;
  /** Gateway configurations compared on this scenario, the standard one first. */
  variants: GatewayVariant[];
}

const scenarios: Scenario[] = [
  { name: "shallow: one product", query: SHALLOW_QUERY, variables: { id: DEMO_PRODUCTS[0]!.id }, directQuery: SHALLOW_QUERY, variants: [STANDARD] },
  {
    name: "deep: 20 products + category, inventory, shipping",
    query: deepQuery(20),
    variables: {},
    directQuery: DEEP_PRODUCTS_ONLY_QUERY,
    variants: [STANDARD, WITHOUT_EDGE, DEFAULT_CLIENT],
  },
];

interface Row {
  scenario: string;
  target: string;
  result: LoadResult;
  gatewayCpuMsPerRequest: number | null;
}

async function seedCatalogue(databases: Record<string, { url: string }>): Promise<void> {
  const products = productsPrisma(databases.products!.url);
  const inventory = inventoryPrisma(databases.inventory!.url);
  try {
    await seedDemoCatalogue(products);
    await seedDemoStock(inventory);
  } finally {
    await products.$disconnect();
    await inventory.$disconnect();
  }
}

interface Measured {
  results: LoadResult[];
  cpuMs: number;
}

function combined(scenario: string, target: string, measured: Measured): Row {
  const requests = measured.results.reduce((sum, result) => sum + result.requests, 0);
  const mean = (pick: (result: LoadResult) => number) => measured.results.reduce((sum, result) => sum + pick(result), 0) / measured.results.length;
  return {
    scenario,
    target,
    result: { requests, requestsPerSecond: mean((result) => result.requestsPerSecond), p50Ms: mean((result) => result.p50Ms), p99Ms: mean((result) => result.p99Ms) },
    gatewayCpuMsPerRequest: measured.cpuMs / requests,
  };
}

/**
 * Load through each gateway configuration in turn, in rounds (A, B, C, A, B, C, ...) so that background
 * load on a shared machine falls on every configuration alike; one gateway process per configuration,
 * each idle while another is measured, its CPU time read from /proc.
 */
async function throughGateways(processes: ServiceProcesses, scenario: Scenario): Promise<Row[]> {
  const gateways = [];
  try {
    for (const variant of scenario.variants) gateways.push({ variant, process: await processes.startGateway(variant.settings), measured: { results: [], cpuMs: 0 } as Measured });
    const body = JSON.stringify({ query: scenario.query, variables: scenario.variables });
    for (const gateway of gateways) await runLoad({ url: gateway.process.url, body, connections, durationSeconds: 2 }); // warm-up
    const rounds = scenario.variants.length > 1 ? comparisonRounds : 1;
    for (let round = 0; round < rounds; round += 1) {
      for (const gateway of gateways) {
        const cpuBefore = processCpuMs(gateway.process.pid);
        gateway.measured.results.push(await runLoad({ url: gateway.process.url, body, connections, durationSeconds: durationSeconds / rounds }));
        gateway.measured.cpuMs += processCpuMs(gateway.process.pid) - cpuBefore;
      }
    }
    return gateways.map((gateway) => combined(scenario.name, gateway.variant.target, gateway.measured));
  } finally {
    await Promise.all(gateways.map((gateway) => gateway.process.stop()));
  }
}

async function loadThroughput(): Promise<Row[]> {
  const processes = await startServiceProcesses(seedCatalogue);
  try {
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      rows.push(...(await throughGateways(processes, scenario)));

      // Signed like a gateway call; the signature stays valid for the length of one run.
      const directBody = JSON.stringify({ query: scenario.directQuery, variables: scenario.variables });
      const headers = signIdentity(TEST_SIGNING_SECRET, null, scenario.directQuery);
      const direct = await runLoad({ url: processes.subgraphUrls.products, body: directBody, headers, connections, durationSeconds });
      rows.push({ scenario: scenario.name, target: "products subgraph", result: direct, gatewayCpuMsPerRequest: null });
    }
    return rows;
  } finally {
    await processes.stop();
  }
}

function printThroughput(rows: Row[]): void {
  console.log(
    `\nThroughput (${connections} connections, ${durationSeconds} s per row, compared gateways in ${comparisonRounds} alternating rounds; each service is its own process)\n`,
  );
  const header = ["scenario", "target", "req/s", "p50 ms", "p99 ms", "gateway CPU ms/req", "CPU vs gateway", "req/s vs direct"];
  const table = rows.map((row) => {
    const direct = rows.find((other) => other.scenario === row.scenario && other.gatewayCpuMsPerRequest === null);
    const ratio = row.gatewayCpuMsPerRequest !== null && direct ? `${(row.result.requestsPerSecond / direct.result.requestsPerSecond).toFixed(2)}x` : "";
    const standard = rows.find((other) => other.scenario === row.scenario && other.target === STANDARD.target);
    const cpuChange =
      row !== standard && row.gatewayCpuMsPerRequest !== null && standard?.gatewayCpuMsPerRequest
        ? `${row.gatewayCpuMsPerRequest >= standard.gatewayCpuMsPerRequest ? "+" : ""}${((row.gatewayCpuMsPerRequest / standard.gatewayCpuMsPerRequest - 1) * 100).toFixed(0)}%`
        : "";
    return [
      row.scenario,
      row.target,
      row.result.requestsPerSecond.toFixed(0),
      row.result.p50Ms.toFixed(1),
      row.result.p99Ms.toFixed(1),
      row.gatewayCpuMsPerRequest === null ? "" : row.gatewayCpuMsPerRequest.toFixed(2),
      cpuChange,
      ratio,
    ];
  });
  printTable(header, table);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const sqlCounts = await measureSqlPerRequest([4, 40]);
  const rows = await loadThroughput();
  printThroughput(rows);
  console.log("\nSQL statements per deep request (products with category, inventory, shipping estimate)\n");
  const subgraphs = Object.keys(sqlCounts[0]!.bySubgraph).filter((name) => sqlCounts.some((count) => count.bySubgraph[name]! > 0));
  printTable(
    ["items", "total SQL", ...subgraphs],
    sqlCounts.map((count) => [String(count.items), String(count.total), ...subgraphs.map((name) => String(count.bySubgraph[name]))]),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
