/**
 * `tsx bench/ab.ts <baseline checkout>`: this checkout's services against another checkout's (e.g. the
 * main branch's, or a worktree at an earlier commit, with its node_modules and Prisma clients), in one
 * run on the same databases, Redis and machine: two whole stacks (seven subgraphs and a gateway each),
 * loaded in turn with the bench's three queries in alternating rounds (A B, B A, ...), each round the
 * same number of requests. Prints every process's CPU per request for both and the ratio, so a change's
 * effect on each process is read within one run, whatever else the machine is doing.
 *
 * AB_ROUNDS (default 6), AB_REQUESTS (requests per round per query, default 300 / 150 / 60),
 * BENCH_CONNECTIONS (default 16).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { DOMAINS, type Domain } from "../packages/config";
import { createTestDatabase, freePort, startRedisServer, waitForOk, type TestDatabase } from "../packages/testing";
import { runLoad } from "./load";
import { processCpuMs } from "./process-cpu";
import { catalogueQuery, DEEP_QUERY, SHALLOW_QUERY } from "./queries";
import { placeDeepOrders, seedReadShop } from "./read-shop";
import { benchServiceEnv } from "./supergraph-processes";

const rounds = Number(process.env.AB_ROUNDS ?? 6);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const fixedRequests = process.env.AB_REQUESTS ? Number(process.env.AB_REQUESTS) : undefined;

const SCENARIOS = [
  { name: "shallow", query: SHALLOW_QUERY, signedIn: false, requests: 300 },
  { name: "catalogue", query: catalogueQuery(30), signedIn: false, requests: 150 },
  { name: "deep", query: DEEP_QUERY, signedIn: true, requests: 60 },
];

const PROCESS_NAMES = ["gateway", ...DOMAINS] as const;
type ProcessName = (typeof PROCESS_NAMES)[number];

interface Stack {
  name: string;
  gatewayUrl: string;
  pids: Record<ProcessName, number>;
  env: NodeJS.ProcessEnv;
}

function spawnIn(dir: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", entry], { cwd: dir, env, stdio: ["ignore", "ignore", "inherit"] });
}

/** Starts one stack; its processes go into `children` as they start, so a failed start leaves none behind. */
async function startStack(name: string, dir: string, env: NodeJS.ProcessEnv, children: ChildProcess[]): Promise<Stack> {
  const stackEnv: NodeJS.ProcessEnv = { ...env };
  const subgraphUrls = {} as Record<Domain, string>;
  for (const domain of DOMAINS) {
    const port = await freePort();
    stackEnv[`${domain.toUpperCase()}_PORT`] = String(port);
    stackEnv[`${domain.toUpperCase()}_URL`] = subgraphUrls[domain] = `http://127.0.0.1:${port}/graphql`;
  }
  const pids = {} as Record<ProcessName, number>;
  for (const domain of DOMAINS) {
    const child = spawnIn(dir, `subgraphs/${domain}/src/index.ts`, stackEnv);
    children.push(child);
    pids[domain] = child.pid!;
  }
  for (const url of Object.values(subgraphUrls)) await waitForOk(new URL("/ready", url).toString());
  const gateway = await startGateway(dir, stackEnv, children);
  pids.gateway = gateway.pid;
  return { name, gatewayUrl: gateway.url, pids, env: stackEnv };
}

async function startGateway(dir: string, env: NodeJS.ProcessEnv, children: ChildProcess[]): Promise<{ pid: number; url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawnIn(dir, "gateway/src/index.ts", { ...env, GATEWAY_PORT: String(port), METRICS_PORT: String(await freePort()) });
  children.push(child);
  await waitForOk(`http://127.0.0.1:${port}/ready`);
  return { pid: child.pid!, url: `http://127.0.0.1:${port}/graphql`, child };
}

const cpuOf = (stack: Stack) => Object.fromEntries(PROCESS_NAMES.map((name) => [name, processCpuMs(stack.pids[name])])) as Record<ProcessName, number>;

async function main(): Promise<void> {
  const baselineDir = process.argv[2];
  if (!baselineDir) throw new Error("usage: tsx bench/ab.ts <baseline checkout directory>");
  const databases = {} as Record<Domain, TestDatabase>;
  for (const domain of DOMAINS) databases[domain] = await createTestDatabase(domain);
  await seedReadShop(databases);
  const redis = await startRedisServer();
  const env = benchServiceEnv(redis.url);
  for (const domain of DOMAINS) env[`${domain.toUpperCase()}_DATABASE_URL`] = databases[domain].url;
  const stacks: Stack[] = [];
  const children: ChildProcess[] = [];
  try {
    stacks.push(await startStack("this checkout", process.cwd(), env, children));
    stacks.push(await startStack(`baseline (${resolve(baselineDir)})`, resolve(baselineDir), env, children));
    // placeOrder is rate-limited to 10 a minute per customer: the orders go through a gateway of their own without limits.
    const setup = await startGateway(process.cwd(), { ...stacks[0]!.env, RATE_LIMITS_ENABLED: "false" }, children);
    const token = await placeDeepOrders(setup.url);
    setup.child.kill("SIGTERM");
    for (const scenario of SCENARIOS) {
      const body = JSON.stringify({ query: scenario.query });
      const headers: Record<string, string> = scenario.signedIn ? { authorization: `Bearer ${token}` } : {};
      const requests = fixedRequests ?? scenario.requests;
      const ask = () => Promise.all(stacks.map(async (stack) => (await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body })).text()));
      // The saga's last notifications may still be arriving: wait (at most 30 s) until the answer holds still.
      let answers = await ask();
      for (let attempt = 0; attempt < 30; attempt += 1) {
        await new Promise((done) => setTimeout(done, 1_000));
        const again = await ask();
        if (again[0] === answers[0] && again[1] === answers[1]) break;
        answers = again;
      }
      if (answers[0] !== answers[1] || answers[0]!.includes('"errors"')) throw new Error(`the stacks answer ${scenario.name} differently or with errors:\n${answers.join("\n")}`);
      // The deep answer may still change under load (a late notification or shipment update): only the others are checked byte for byte.
      const expectBody = scenario.signedIn ? undefined : answers[0]!;
      for (const stack of stacks) await runLoad({ url: stack.gatewayUrl, body, headers, connections, requests, ...(expectBody ? { expectBody } : {}) });
      const used = stacks.map(() => Object.fromEntries(PROCESS_NAMES.map((name) => [name, 0])) as Record<ProcessName, number>);
      const served = stacks.map(() => 0);
      for (let round = 0; round < rounds; round += 1) {
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const index of order) {
          const stack = stacks[index]!;
          const before = cpuOf(stack);
          served[index]! += (await runLoad({ url: stack.gatewayUrl, body, headers, connections, requests, ...(expectBody ? { expectBody } : {}) })).requests;
          const after = cpuOf(stack);
          for (const name of PROCESS_NAMES) used[index]![name] += after[name] - before[name];
        }
      }
      console.log(`\n${scenario.name}: ${rounds} alternating rounds of ${requests} requests per stack (${connections} connections); CPU ms per request\n`);
      console.log(`| process | ${stacks[0]!.name} | ${stacks[1]!.name} | ratio |\n|---|---|---|---|`);
      const perRequest = (index: number, name: ProcessName) => used[index]![name] / served[index]!;
      let totals = [0, 0];
      for (const name of PROCESS_NAMES) {
        const [a, b] = [perRequest(0, name), perRequest(1, name)];
        totals = [totals[0]! + a, totals[1]! + b];
        console.log(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${b > 0 ? (a / b).toFixed(2) + "x" : "-"} |`);
      }
      console.log(`| all eight | ${totals[0]!.toFixed(2)} | ${totals[1]!.toFixed(2)} | ${(totals[0]! / totals[1]!).toFixed(2)}x |`);
    }
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await new Promise((done) => setTimeout(done, 2_000));
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await redis.stop();
    await Promise.all(Object.values(databases).map((database) => database.drop()));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
