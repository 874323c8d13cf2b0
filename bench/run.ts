/**
 * `npm run bench`: one run, one table. Requests per second, p50/p99 latency and gateway CPU per
 * request for a shallow and a deep query, through the gateway and straight to the products
 * subgraph; then SQL statements per request at 4 and 40 items. BENCH_DURATION (seconds, default 10)
 * and BENCH_CONNECTIONS (default 10) tune the load.
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
import { startServiceProcesses } from "./supergraph-processes";

const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Scenario {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  directQuery: string;
}

const scenarios: Scenario[] = [
  { name: "shallow: one product", query: SHALLOW_QUERY, variables: { id: DEMO_PRODUCTS[0]!.id }, directQuery: SHALLOW_QUERY },
  { name: "deep: 20 products + category, inventory, shipping", query: deepQuery(20), variables: {}, directQuery: DEEP_PRODUCTS_ONLY_QUERY },
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

async function loadThroughput(): Promise<Row[]> {
  const processes = await startServiceProcesses(seedCatalogue);
  try {
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      const body = JSON.stringify({ query: scenario.query, variables: scenario.variables });
      await runLoad({ url: processes.gatewayUrl, body, connections, durationSeconds: 2 }); // warm-up
      const cpuBefore = processCpuMs(processes.gatewayPid);
      const viaGateway = await runLoad({ url: processes.gatewayUrl, body, connections, durationSeconds });
      const cpuMs = processCpuMs(processes.gatewayPid) - cpuBefore;
      rows.push({ scenario: scenario.name, target: "gateway", result: viaGateway, gatewayCpuMsPerRequest: cpuMs / viaGateway.requests });

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
  console.log(`\nThroughput (${connections} connections, ${durationSeconds} s per row; each service is its own process)\n`);
  const header = ["scenario", "target", "req/s", "p50 ms", "p99 ms", "gateway CPU ms/req", "req/s vs direct"];
  const table = rows.map((row) => {
    const direct = rows.find((other) => other.scenario === row.scenario && other.target !== "gateway");
    const ratio = row.target === "gateway" && direct ? `${(row.result.requestsPerSecond / direct.result.requestsPerSecond).toFixed(2)}x` : "";
    return [
      row.scenario,
      row.target,
      row.result.requestsPerSecond.toFixed(0),
      row.result.p50Ms.toFixed(1),
      row.result.p99Ms.toFixed(1),
      row.gatewayCpuMsPerRequest === null ? "" : row.gatewayCpuMsPerRequest.toFixed(2),
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
