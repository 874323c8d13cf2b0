import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { readdirSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { DEFAULT_POSTGRES_URL, DOMAINS } from "../packages/config";
import { dropDatabase } from "../packages/database";
import { PROJECT_ROOT } from "../packages/schema-tools";
import { compiledEntry, serviceNodeArgs, SERVICES } from "../packages/service-launch";
import { freePort } from "../bench/free-port";

// `npm start` as a user runs it, on free ports and throwaway databases: set-up from nothing, the services
// run from the compiled build with plain node, seeded data through the gateway, a crashed service restarted,
// and everything stopped by one SIGTERM. (.ci/first-contact.sh starts it from a fresh clone, without dist/.)
jest.setTimeout(300_000);

const suffix = randomBytes(4).toString("hex");
const databaseUrls = DOMAINS.map((domain) => `${DEFAULT_POSTGRES_URL}/shop_start_${domain}_${suffix}`);
let start: ChildProcess;
let output = "";
let gatewayUrl = "";
let storefrontUrl = "";

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}; output so far:\n${output.slice(-4000)}`);
}

/** The process group of `pid`: npm start runs in a group of its own, and so do the services it starts. */
function processGroupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

/** The pid of one service that this test's `npm start` runs. */
function servicePid(entry: string): number | undefined {
  return servicePidIn(start.pid!, entry);
}

/** The pid of a process running `entry` in the process group of the `npm start` with pid `startPid` (found even after it exited). */
function servicePidIn(startPid: number, entry: string): number | undefined {
  for (const name of readdirSync("/proc").filter((entryName) => /^\d+$/.test(entryName))) {
    const pid = Number(name);
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(entry) && processGroupOf(pid) === startPid) return pid;
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

async function post(query: string): Promise<{ data?: Record<string, any>; errors?: unknown[] }> {
  const response = await fetch(gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", FORCE_COLOR: "0" };
  for (const [index, domain] of DOMAINS.entries()) {
    const port = await freePort();
    env[`${domain.toUpperCase()}_PORT`] = String(port);
    env[`${domain.toUpperCase()}_DATABASE_URL`] = databaseUrls[index];
    env[`${domain.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  env.GATEWAY_PORT = String(await freePort());
  env.WEB_PORT = String(await freePort());
  storefrontUrl = `http://127.0.0.1:${env.WEB_PORT}/`;
  env.METRICS_PORT = String(await freePort());
  gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
  start = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: PROJECT_ROOT, env, detached: true });
  start.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  start.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
});

afterAll(async () => {
  if (start?.pid && start.exitCode === null) {
    process.kill(-start.pid, "SIGKILL");
  }
  await Promise.all(databaseUrls.map((url) => dropDatabase(url)));
});

it("sets everything up, serves seeded data, restarts a crashed service and stops on SIGTERM", async () => {
  await until("the start-up banner", async () => (output.includes("The supergraph is up.") ? true : undefined), 240_000);

  const catalogue = await post("{ categories { slug } products { totalCount } }");
  expect(catalogue.errors).toBeUndefined();
  expect(catalogue.data?.categories.length).toBeGreaterThanOrEqual(3);
  expect(catalogue.data?.products.totalCount).toBeGreaterThanOrEqual(30);

  // The storefront's dev server, on its own origin, named in the banner.
  expect(output).toContain(`Storefront:     http://localhost:${new URL(storefrontUrl).port}`);
  const storefront = await until("the storefront", async () => {
    const response = await fetch(storefrontUrl);
    return response.ok ? response.text() : undefined;
  }, 60_000);
  expect(storefront).toContain('<div id="root">');

  // Every service runs the build as `node <options> dist/…/index.js`: no TypeScript compiled at run time.
  expect(output).toMatch(/Compiling the services to dist\/[^\n]*\n\s+(built in [\d.]+ s|up to date)\n/);
  for (const service of SERVICES) {
    const pid = servicePid(compiledEntry(service));
    expect(pid).toBeDefined();
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    expect(argv).toEqual([process.execPath, ...serviceNodeArgs(service)]);
  }

  const products = servicePid(compiledEntry("products"));
  expect(products).toBeDefined();
  process.kill(products!, "SIGKILL");
  await until("the restart notice", async () => (/products.*restarted/.test(output) ? true : undefined), 30_000);
  await until("products to answer again", async () => ((await post("{ products { totalCount } }")).data?.products ? true : undefined), 60_000);
  expect(servicePid(compiledEntry("products"))).not.toBe(products);

  const exited = new Promise<number | null>((resolve) => start.once("exit", resolve));
  process.kill(start.pid!, "SIGTERM"); // as `kill` would: only the start process, which stops the rest
  await until("npm start to exit", async () => (start.exitCode !== null || start.signalCode !== null ? true : undefined), 30_000);
  await exited;
  await until("every service to stop", async () => (DOMAINS.every((domain) => !servicePid(compiledEntry(domain))) ? true : undefined), 15_000);
});

it("exits non-zero when a service cannot start", async () => {
  // The gateway's port is taken, so the gateway crashes on every try and never becomes ready.
  const blocker = createServer().listen(0, "127.0.0.1");
  await once(blocker, "listening");
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", FORCE_COLOR: "0", START_READY_TIMEOUT_MS: "15000" };
  for (const [index, domain] of DOMAINS.entries()) {
    env[`${domain.toUpperCase()}_PORT`] = String(await freePort());
    env[`${domain.toUpperCase()}_DATABASE_URL`] = databaseUrls[index];
  }
  env.GATEWAY_PORT = String((blocker.address() as AddressInfo).port);
  env.METRICS_PORT = String(await freePort());
  const failing = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: PROJECT_ROOT, env, detached: true, stdio: "ignore" });
  try {
    let giveUp: NodeJS.Timeout | undefined;
    const [code] = (await Promise.race([
      once(failing, "exit"),
      new Promise((_, reject) => (giveUp = setTimeout(() => reject(new Error("npm start did not give up")), 150_000))),
    ]).finally(() => clearTimeout(giveUp))) as [number | null];
    expect(code).toBe(1);
    // npm start stopped its services before it exited: none of this test's is left.
    expect(DOMAINS.filter((domain) => servicePidIn(failing.pid!, compiledEntry(domain)))).toEqual([]);
  } finally {
    try {
      process.kill(-failing.pid!, "SIGKILL");
    } catch {
      // the group is gone already
    }
    blocker.close();
  }
});
