/**
 * `npm run bench`: our gateway (as `npm start` configures it: every edge policy on) against plain
 * @apollo/gateway (bench/plain-gateway.ts), side by side in one run, in front of the same seven subgraph
 * processes, PostgreSQL and Redis. For each query (shallow: the category list; catalogue: 30 products with
 * stock and a shipping estimate; deep: the signed-in customer's 15 orders with items, products, payment,
 * shipment, and notifications) it first checks that both gateways answer byte for byte the same, then loads
 * each with autocannon in alternating rounds (so background load on a shared machine falls on both alike),
 * every answer checked against that body. Each round sends both gateways the same number of requests (sized
 * from the warm-up) and ends when all are answered, so every cost counted belongs to a counted request.
 * Per row: req/s, p50/p99, gateway CPU and whole-machine CPU per request, the largest gateway RSS, subgraph
 * requests, entity representations and SQL statements per query; then CPU per request of every process;
 * then SQL statements per request at two page sizes. Ours runs twice: with the response cache off (the
 * comparison with plain @apollo/gateway, and the SQL per page size) and on, as `npm start` runs it, where
 * a hit calls no subgraph and "cache hits/query" says how many answers came from Redis.
 *
 * BENCH_DURATION (about how many seconds of load per row, split over the rounds; default 10), BENCH_CONNECTIONS
 * (default 16), BENCH_ROUNDS (default 5), BENCH_WARMUP (seconds per gateway and query before measuring; default
 * 2); BENCH_CPU_PROF_DIR writes a CPU profile of every process (bench/profile-summary.ts).
 */
import { DOMAINS, type Domain } from "../packages/config";
import { runLoad, type LoadResult } from "./load";
import { cpuSnapshot, cpuUsedBetween, sampleMaxRss } from "./process-cpu";
import { scrapeMetrics, sumSeries } from "./prometheus";
import { catalogueQuery, DEEP_QUERY, SHALLOW_QUERY } from "./queries";
import { placeDeepOrders, seedReadShop } from "./read-shop";
import { serviceCpuProcesses, startServiceProcesses, type GatewayCounts, type GatewayProcess, type ServiceProcesses } from "./supergraph-processes";

const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 2);

/** A gateway under test. The first is "ours"; ratios are against the one named PLAIN. */
interface Contender {
  name: string;
  /** Whether a response cache answers repeated reads (only ours has one). */
  responseCache: "off" | "on";
  start(processes: ServiceProcesses): Promise<GatewayProcess>;
}

const PLAIN = "plain @apollo/gateway";
// The first is ours without the cache: the per-page-size SQL is measured through it.
const CONTENDERS: Contender[] = [
  { name: "ours, cache off", responseCache: "off", start: (processes) => processes.startGateway({ RESPONSE_CACHE_ENABLED: "false" }) },
  { name: PLAIN, responseCache: "off", start: (processes) => processes.startPlainGateway() },
  { name: "ours (npm start), cache on", responseCache: "on", start: (processes) => processes.startGateway() },
];

interface Scenario {
  name: string;
  query: string;
  /** Sent as the signed-in customer. */
  signedIn: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: "shallow: categories", query: SHALLOW_QUERY, signedIn: false },
  { name: "catalogue: 30 products, inventory, shipping", query: catalogueQuery(30), signedIn: false },
  { name: "deep: me, 15 orders, items, products, payment, shipment, notifications", query: DEEP_QUERY, signedIn: true },
];

/** Counters read off the subgraphs' /metrics: what they were asked, whichever gateway asked. */
interface SubgraphCounters {
  requests: Record<Domain, number>;
  statements: Record<Domain, number>;
}

async function subgraphCounters(processes: ServiceProcesses): Promise<SubgraphCounters> {
  const texts = await Promise.all(DOMAINS.map((domain) => scrapeMetrics(new URL("/metrics", processes.subgraphUrls[domain]).toString())));
  const pick = (name: string) => Object.fromEntries(DOMAINS.map((domain, index) => [domain, sumSeries(texts[index]!, name)])) as Record<Domain, number>;
  return { requests: pick("graphql_requests_total"), statements: pick("db_statements_total") };
}

/**
 * SQL the services run on their own while nothing is asked of them (the outbox relays' and the saga
 * sweeper's polls), per second: subtracted from the statements a row counts, so SQL per query is the query's.
 */
const background = { statementsPerSecond: Object.fromEntries(DOMAINS.map((domain) => [domain, 0])) as Record<Domain, number> };

async function measureBackground(processes: ServiceProcesses, seconds = 3): Promise<void> {
  const before = await subgraphCounters(processes);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  const statements = difference((await subgraphCounters(processes)).statements, before.statements);
  for (const domain of DOMAINS) background.statementsPerSecond[domain] = statements[domain] / elapsed;
}

const difference = <K extends string>(after: Record<K, number>, before: Record<K, number>): Record<K, number> =>
  Object.fromEntries(Object.entries<number>(after).map(([key, value]) => [key, value - before[key as K]])) as Record<K, number>;

interface Row {
  scenario: string;
  contender: Contender;
  rounds: LoadResult[];
  /** CPU milliseconds by process over the measured rounds, with "load generator" (this process) and "machine". */
  cpuMs: Record<string, number>;
  machineTotalMs: number;
  maxRssBytes: number;
  subgraphRequests: Record<Domain, number>;
  statements: Record<Domain, number>;
  gatewayCounts: GatewayCounts;
}

/** The processes the bench runs, by the names their CPU is recorded under. */
const SYSTEM_PROCESSES = ["gateway", ...DOMAINS, "postgres", "redis", "load generator"];

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
const requestsOf = (row: Row) => sum(row.rounds.map((round) => round.requests));

/** Waits until a gateway has stopped calling its subgraphs (requests a load generator gave up on still run to their end). */
async function settle(gateway: GatewayProcess): Promise<void> {
  let last = -1;
  for (;;) {
    const calls = (await gateway.readCounts()).subgraphRequests;
    if (calls === last) return;
    last = calls;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One measured round of `requests` requests: the load, and every counter before and after it. */
async function measureRound(processes: ServiceProcesses, gateway: GatewayProcess, load: { body: string; headers: Record<string, string>; expectBody: string; requests: number }, row: Row): Promise<void> {
  // Other jobs may use the same PostgreSQL server: only the backends of this run's databases count.
  const cpuProcesses = serviceCpuProcesses(processes, gateway.pid, "backends");
  const countersBefore = await subgraphCounters(processes);
  const gatewayBefore = await gateway.readCounts();
  const loadBefore = process.cpuUsage();
  const cpuBefore = cpuSnapshot(cpuProcesses);
  const rss = sampleMaxRss(gateway.pid);
  row.rounds.push(await runLoad({ url: gateway.url, ...load, connections }));
  row.maxRssBytes = Math.max(row.maxRssBytes, rss.stop());
  const used = cpuUsedBetween(cpuBefore, cpuSnapshot(cpuProcesses));
  const loadGenerator = process.cpuUsage(loadBefore);
  const gatewayAfter = await gateway.readCounts();
  const countersAfter = await subgraphCounters(processes);

  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
  };
  add(row.cpuMs, { ...used.byProcess, "load generator": (loadGenerator.user + loadGenerator.system) / 1000, machine: used.machineBusy });
  row.machineTotalMs += used.machineTotal;
  add(row.subgraphRequests, difference(countersAfter.requests, countersBefore.requests));
  add(row.statements, difference(countersAfter.statements, countersBefore.statements));
  for (const domain of DOMAINS) row.statements[domain] -= background.statementsPerSecond[domain] * row.rounds[row.rounds.length - 1]!.seconds;
  add(row.gatewayCounts as unknown as Record<string, number>, difference(gatewayAfter as unknown as Record<string, number>, gatewayBefore as unknown as Record<string, number>));
}

/** Pretty JSON of an answer, for a readable difference when gateways disagree. */
const canonical = (text: string) => JSON.stringify(JSON.parse(text), null, 1);

/** Each gateway's answer to the scenario; fails loudly unless they are the same, and without errors. */
async function agreedAnswer(scenario: Scenario, gateways: Array<{ contender: Contender; process: GatewayProcess }>, body: string, headers: Record<string, string>): Promise<string> {
  const answers = await Promise.all(
    gateways.map(async ({ contender, process: gateway }) => {
      const response = await fetch(gateway.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      const text = await response.text();
      const parsed = JSON.parse(text) as { data?: unknown; errors?: unknown };
      if (!response.ok || parsed.errors || !parsed.data) throw new Error(`${contender.name} answered "${scenario.name}" with ${response.status}: ${text.slice(0, 2000)}`);
      return { contender, text };
    }),
  );
  const [first, ...others] = answers;
  for (const other of others) {
    if (other.text === first!.text) continue;
    const [a, b] = [canonical(first!.text).split("\n"), canonical(other.text).split("\n")];
    const line = a.findIndex((text, index) => text !== b[index]);
    throw new Error(
      `"${scenario.name}": ${first!.contender.name} and ${other.contender.name} answer differently (${first!.text.length} and ${other.text.length} bytes); first difference at line ${line}:\n  ${a[line]}\n  ${b[line]}`,
    );
  }
  return first!.text;
}

async function measureScenario(processes: ServiceProcesses, gateways: Array<{ contender: Contender; process: GatewayProcess }>, scenario: Scenario, token: string): Promise<Row[]> {
  const body = JSON.stringify({ query: scenario.query });
  const headers: Record<string, string> = scenario.signedIn ? { authorization: `Bearer ${token}` } : {};
  const expectBody = await agreedAnswer(scenario, gateways, body, headers);
  // Warm-up, which also sizes the rounds: each gateway gets the same number of requests per round, about
  // roundSeconds' worth at the mean warm-up rate, and every request a round sends is answered within it.
  const warmRates = [];
  for (const { process: gateway } of gateways) {
    warmRates.push((await runLoad({ url: gateway.url, body, headers, connections, durationSeconds: warmupSeconds, expectBody })).requestsPerSecond);
    await settle(gateway);
  }
  const requests = Math.max(connections * 2, Math.round((sum(warmRates) / warmRates.length) * (durationSeconds / rounds)));
  const rows = gateways.map(({ contender }): Row => ({
    scenario: scenario.name,
    contender,
    rounds: [],
    cpuMs: {},
    machineTotalMs: 0,
    maxRssBytes: 0,
    subgraphRequests: {} as Record<Domain, number>,
    statements: {} as Record<Domain, number>,
    gatewayCounts: { subgraphRequests: 0, representationsPlanned: 0, representationsSent: 0, cacheHits: 0 },
  }));
  for (let round = 0; round < rounds; round += 1) {
    // A, B, then B, A: neither always goes first after the other.
    const order = round % 2 === 0 ? gateways.map((_, index) => index) : gateways.map((_, index) => gateways.length - 1 - index);
    for (const index of order) await measureRound(processes, gateways[index]!.process, { body, headers, expectBody, requests }, rows[index]!);
  }
  return rows;
}

/** SQL statements per request of the catalogue query at two page sizes, through our gateway: it must not grow with the page. */
async function sqlPerPageSize(processes: ServiceProcesses, gateway: GatewayProcess, sizes: number[]): Promise<Array<{ size: number; statements: Record<Domain, number> }>> {
  const requests = 20;
  const results = [];
  for (const size of sizes) {
    const body = JSON.stringify({ query: catalogueQuery(size) });
    const before = await subgraphCounters(processes);
    const started = performance.now();
    for (let n = 0; n < requests; n += 1) {
      const response = await fetch(gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      const answer = (await response.json()) as { errors?: unknown };
      if (answer.errors) throw new Error(`catalogue(${size}) failed: ${JSON.stringify(answer.errors)}`);
    }
    const statements = difference((await subgraphCounters(processes)).statements, before.statements);
    const seconds = (performance.now() - started) / 1000;
    const perRequest = (domain: Domain) => Math.max(0, statements[domain] - background.statementsPerSecond[domain] * seconds) / requests;
    results.push({ size, statements: Object.fromEntries(DOMAINS.map((domain) => [domain, perRequest(domain)])) as Record<Domain, number> });
  }
  return results;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

const perRequest = (row: Row, value: number) => value / requestsOf(row);
/** A number to `digits` places; a rounding of "minus nothing" (background subtracted from nothing) reads 0. */
const fixed = (value: number, digits = 2) => value.toFixed(digits).replace(/^-(0\.?0*)$/, "$1");

function ratioToPlain(rows: Row[], row: Row, pick: (row: Row) => number): string {
  const plain = rows.find((other) => other.scenario === row.scenario && other.contender.name === PLAIN);
  return plain && plain !== row ? `${fixed(pick(row) / pick(plain))}x` : "";
}

function printResults(rows: Row[]): void {
  const roundSeconds = durationSeconds / rounds;
  console.log(
    `\nReads, ours against plain @apollo/gateway (${connections} connections; per row ${rounds} alternating rounds of about ${roundSeconds.toFixed(1)} s, the same requests for each gateway, after ${warmupSeconds} s of warm-up; every answer checked identical across gateways; p50/p99 are the rounds' mean)\n`,
  );
  const gatewayCpu = (row: Row) => perRequest(row, row.cpuMs.gateway!);
  const machineCpu = (row: Row) => perRequest(row, row.cpuMs.machine!);
  // The gateway, subgraphs, PostgreSQL backends, Redis and load generator: the machine less other jobs.
  const systemCpu = (row: Row) => perRequest(row, sum(SYSTEM_PROCESSES.map((name) => row.cpuMs[name] ?? 0)));
  const requestsPerSecond = (row: Row) => requestsOf(row) / sum(row.rounds.map((round) => round.seconds));
  const mean = (row: Row, pick: (round: LoadResult) => number) => sum(row.rounds.map(pick)) / row.rounds.length;
  printTable(
    ["query", "gateway", "response cache", "cache hits/query", "req/s", "p50 ms", "p99 ms", "gateway CPU ms/req", "ours/plain gateway CPU", "machine CPU ms/req", "ours/plain machine CPU", "bench processes CPU ms/req", "gateway RSS max MB", "subgraph requests/query", "representations/query sent (planned)", "SQL/query"],
    rows.map((row) => [
      row.scenario,
      row.contender.name,
      row.contender.responseCache,
      fixed(perRequest(row, row.gatewayCounts.cacheHits)),
      fixed(requestsPerSecond(row), 0),
      fixed(mean(row, (round) => round.p50Ms), 1),
      fixed(mean(row, (round) => round.p99Ms), 1),
      fixed(gatewayCpu(row)),
      ratioToPlain(rows, row, gatewayCpu),
      fixed(machineCpu(row)),
      ratioToPlain(rows, row, machineCpu),
      fixed(systemCpu(row)),
      fixed(row.maxRssBytes / 2 ** 20, 0),
      fixed(perRequest(row, sum(Object.values(row.subgraphRequests)))),
      `${fixed(perRequest(row, row.gatewayCounts.representationsSent), 1)} (${fixed(perRequest(row, row.gatewayCounts.representationsPlanned), 1)})`,
      fixed(perRequest(row, sum(Object.values(row.statements))), 1),
    ]),
  );

  for (const row of rows) {
    // The gateway's own count of its subgraph calls must agree with what the subgraphs saw.
    const seen = sum(Object.values(row.subgraphRequests));
    if (Math.abs(row.gatewayCounts.subgraphRequests - seen) > Math.max(2, seen * 0.01)) {
      console.log(`note: ${row.contender.name} on "${row.scenario}" counted ${row.gatewayCounts.subgraphRequests} subgraph calls, the subgraphs ${seen}`);
    }
  }

  console.log(
    "\nCPU ms per request by process (postgres: the backends of this run's databases; load generator: this process, autocannon; rest: everything else on the machine, the idle gateway and other jobs included)\n",
  );
  const processes = SYSTEM_PROCESSES;
  printTable(
    ["query", "gateway", ...processes, "rest", "machine", "machine busy"],
    rows.map((row) => {
      const known = sum(processes.map((name) => row.cpuMs[name] ?? 0));
      return [
        row.scenario.split(":")[0]!,
        row.contender.name,
        ...processes.map((name) => fixed(perRequest(row, row.cpuMs[name] ?? 0))),
        fixed(perRequest(row, row.cpuMs.machine! - known)),
        fixed(perRequest(row, row.cpuMs.machine!)),
        `${fixed((row.cpuMs.machine! / row.machineTotalMs) * 100, 0)}%`,
      ];
    }),
  );

  console.log("\nSubgraph requests and SQL statements per query, by subgraph (requests / statements)\n");
  printTable(
    ["query", "gateway", ...DOMAINS],
    rows.map((row) => [
      row.scenario.split(":")[0]!,
      row.contender.name,
      ...DOMAINS.map((domain) => `${fixed(perRequest(row, row.subgraphRequests[domain]), 1)} / ${fixed(perRequest(row, row.statements[domain]), 1)}`),
    ]),
  );
}

async function main(): Promise<void> {
  const processes = await startServiceProcesses(seedReadShop);
  try {
    // placeOrder is rate-limited to 10 a minute per customer: the orders go through a gateway of their own without limits.
    const setup = await processes.startGateway({ RATE_LIMITS_ENABLED: "false" });
    const token = await placeDeepOrders(setup.url);
    await setup.stop();
    const gateways = [];
    for (const contender of CONTENDERS) gateways.push({ contender, process: await contender.start(processes) });
    await measureBackground(processes);
    const rows: Row[] = [];
    for (const scenario of SCENARIOS) rows.push(...(await measureScenario(processes, gateways, scenario, token)));
    const sql = await sqlPerPageSize(processes, gateways[0]!.process, [4, 30]);
    printResults(rows);
    const backgroundRates = DOMAINS.filter((domain) => background.statementsPerSecond[domain] > 0).map((domain) => `${domain} ${fixed(background.statementsPerSecond[domain], 1)}`);
    console.log(`\nSQL statements per second with no load (subtracted from SQL per query above): ${backgroundRates.join(", ") || "none"}`);
    console.log("\nSQL statements per catalogue request by page size (mean of 20 requests): one statement per entity type, whatever the page\n");
    const subgraphs = DOMAINS.filter((domain) => sql.some((count) => count.statements[domain] > 0.05));
    printTable(
      ["products", "total SQL", ...subgraphs],
      sql.map((count) => [String(count.size), fixed(sum(Object.values(count.statements)), 1), ...subgraphs.map((domain) => fixed(count.statements[domain], 1))]),
    );
  } finally {
    await processes.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
