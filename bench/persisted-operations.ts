/**
 * `npx tsx bench/persisted-operations.ts`: what a manifest operation costs the gateway sent as its text
 * and sent by hash alone. The whole supergraph runs in this process (products, inventory, shipping and
 * the gateway), so the CPU per request below is the process's: the subgraphs' share is the same for both
 * ways, and the difference is the gateway's (and the client's, which sends a longer body). Then the parts
 * that differ, alone: the document limits (lex, parse, measure: what runs in front of Apollo Server for an
 * unknown text), recognising a manifest text, and the manifest lookup by hash.
 * BENCH_REQUESTS (per round and way, default 300) and BENCH_ROUNDS (default 5) tune it. No assertion:
 * a report.
 */
import { performance } from "node:perf_hooks";
import { DEFAULT_EDGE_CONFIG } from "../gateway/src/edge-config";
import { documentLimitRefusal } from "../gateway/src/operation-limits";
import { persistedOperations, readPersistedOperations, sha256Hex } from "../gateway/src/persisted-operations";
import { createLogger } from "../packages/logging";
import { startSupergraph } from "../packages/testing";
import type { InventoryPrisma } from "../subgraphs/inventory/src/repositories/prisma-client";
import { seedDemoStock } from "../subgraphs/inventory/src/seed";
import type { ProductsPrisma } from "../subgraphs/products/src/repositories/prisma-client";
import { seedDemoCatalogue } from "../subgraphs/products/src/seed";

const requests = Number(process.env.BENCH_REQUESTS ?? 300);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const OPERATION = "BrowseProducts";
const variables = { first: 5, sort: "PRICE_ASC" };

async function timed(url: string, body: Record<string, unknown>, count: number): Promise<{ cpuMicros: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let index = 0; index < count; index += 1) {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
    if (!answer.data || answer.errors) throw new Error(`unexpected answer: ${JSON.stringify(answer)}`);
  }
  const used = process.cpuUsage(cpu);
  return { cpuMicros: (used.user + used.system) / count, wallMs: (performance.now() - start) / count };
}

function micro(label: string, iterations: number, work: () => unknown): string {
  for (let index = 0; index < 1000; index += 1) work();
  const start = performance.now();
  for (let index = 0; index < iterations; index += 1) work();
  return `${label}: ${(((performance.now() - start) * 1000) / iterations).toFixed(2)} µs`;
}

async function main(): Promise<void> {
  const operations = readPersistedOperations(DEFAULT_EDGE_CONFIG.persistedOperations.manifestPath);
  const operation = [...operations.values()].find((entry) => entry.name === OPERATION)!;
  const supergraph = await startSupergraph(["products", "inventory", "shipping"]);
  try {
    await seedDemoCatalogue(supergraph.subgraphs.products!.prisma as ProductsPrisma);
    await seedDemoStock(supergraph.subgraphs.inventory!.prisma as InventoryPrisma);
    const url = supergraph.gateway.graphqlUrl;
    const ways = {
      text: { query: operation.body, variables },
      hash: { extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } }, variables },
    };
    await timed(url, ways.text, 50);
    await timed(url, ways.hash, 50);
    const totals = { text: { cpu: 0, wall: 0 }, hash: { cpu: 0, wall: 0 } };
    for (let round = 0; round < rounds; round += 1) {
      for (const way of round % 2 === 0 ? (["text", "hash"] as const) : (["hash", "text"] as const)) {
        const result = await timed(url, ways[way], requests);
        totals[way].cpu += result.cpuMicros / rounds;
        totals[way].wall += result.wallMs / rounds;
      }
    }
    console.log(`${OPERATION} (${operation.body.length} bytes), ${rounds} rounds of ${requests} sequential requests each way:`);
    for (const way of ["text", "hash"] as const) {
      console.log(`  sent as ${way.padEnd(4)}  CPU ${totals[way].cpu.toFixed(0).padStart(5)} µs/request  wall ${totals[way].wall.toFixed(2)} ms/request`);
    }
    console.log(`  difference: ${(totals.text.cpu - totals.hash.cpu).toFixed(0)} µs CPU per request`);
    const setup = persistedOperations(DEFAULT_EDGE_CONFIG.persistedOperations, DEFAULT_EDGE_CONFIG.operationLimits, supergraph.redis, createLogger("bench", "silent"));
    console.log("What differs, alone (per request, in front of Apollo Server, whose document cache both ways hit):");
    console.log(`  ${micro("document limits on a text (lex, parse, measure: any text not in the manifest)", 5000, () => documentLimitRefusal(operation.body, DEFAULT_EDGE_CONFIG.operationLimits))}`);
    console.log(`  ${micro("recognising a manifest text instead (SHA-256, lookup)", 20000, () => setup.isServedManifestText(operation.body))}`);
    console.log(`  ${micro("SHA-256 of the text (Apollo's document-cache key, text only)", 20000, () => sha256Hex(operation.body))}`);
    console.log(`  ${micro("manifest lookup by hash", 100000, () => operations.get(operation.id))}`);
  } finally {
    await supergraph.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
