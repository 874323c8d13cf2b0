/**
 * `npm start`: everything a fresh clone needs, then the whole supergraph with one log stream.
 * Checks PostgreSQL and Redis, generates the Prisma clients, composes the supergraph, compiles the
 * services to dist/ (only when the sources changed since the last build), creates and migrates the seven
 * databases, seeds demo data, and runs the seven subgraphs (with their workers) and the gateway from the
 * build with plain `node`, as the image does, and the storefront's dev server (web/) on tsx and Vite,
 * restarting any that crashes. Ctrl-C or SIGTERM stops them all.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { concurrently } from "concurrently";
import { DEFAULT_PORTS, DOMAINS, type Domain } from "../packages/config";
import { PROJECT_ROOT } from "../packages/schema-tools";
import { buildServices, serviceNodeArgs, SERVICES, SERVICES_BUILD } from "../packages/service-launch";
import { checkServices } from "./preflight";
import { generatePrismaClients } from "./generate-prisma";
import { composeToFile } from "./compose";
import { setUpDatabases } from "./db-setup";
// Nothing that loads a generated Prisma client may be imported at the top: on a fresh clone the clients
// exist only once the first step has generated them, so the seed code is imported after it (see main()).

/** How long the services get to become ready; a start that takes longer has failed. */
const READY_TIMEOUT_MS = Number(process.env.START_READY_TIMEOUT_MS ?? 120_000);
const RESTART_DELAY_MS = 2_000;
const MAX_RESTARTS = 50;
const STOP_GRACE_MS = 15_000;
const STOP_SWEEP_MS = 250;

async function step(title: string, work: () => Promise<unknown> | unknown): Promise<void> {
  process.stdout.write(`• ${title}\n`);
  await work();
}

function gatewayPort(): number {
  return Number(process.env.GATEWAY_PORT ?? 4000);
}

/** The storefront's Vite dev server (web/); 5173 unless WEB_PORT says otherwise. */
function webPort(): number {
  return Number(process.env.WEB_PORT ?? 5173);
}

function servicePort(domain: Domain): number {
  return Number(process.env[`${domain.toUpperCase()}_PORT`] ?? DEFAULT_PORTS[domain]);
}

async function waitUntilReady(url: string, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      // "degraded" is HTTP 200 too (some subgraph not up yet): wait for all of them.
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok && ((await response.json()) as { status?: string }).status === "ready") return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

/** A shell word that is exactly `word`. */
const quoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

function runServices() {
  // `exec` replaces the shell concurrently spawns, so each service is one process that gets signals
  // itself: it stops cleanly (exit 0, not restarted) on SIGTERM, and a crash is a non-zero exit.
  const node = (args: readonly string[]) => `exec ${[process.execPath, ...args].map(quoted).join(" ")}`;
  const services = [
    // The compiled build (buildServices ran first), as the bench runs them.
    ...SERVICES.map((service) => ({ name: service, command: node(serviceNodeArgs(service)) })),
    {
      name: "web",
      // The storefront on its own origin, calling the gateway across origins (CORS allows localhost in development).
      command: node(["--import", "tsx", "scripts/web-dev-server.ts"]),
      env: { WEB_PORT: String(webPort()), VITE_GATEWAY_URL: `http://localhost:${gatewayPort()}/graphql` },
    },
  ];
  return concurrently(
    services.map((service) => ({ ...service, cwd: PROJECT_ROOT })),
    {
      prefix: "name",
      padPrefix: true,
      prefixColors: ["blue", "magenta", "cyan", "yellow", "green", "red", "white", "bgBlue.bold", "bgMagenta.bold"],
      restartTries: MAX_RESTARTS,
      restartDelay: RESTART_DELAY_MS,
      killSignal: "SIGTERM",
    },
  );
}

interface DemoAccounts {
  ADMIN_EMAIL: string;
  DEMO_CUSTOMERS: readonly { email: string }[];
  DEMO_CUSTOMER_PASSWORD: string;
}

function printBanner({ ADMIN_EMAIL, DEMO_CUSTOMERS, DEMO_CUSTOMER_PASSWORD }: DemoAccounts): void {
  const url = `http://localhost:${gatewayPort()}/graphql`;
  console.log(
    [
      "",
      "  The supergraph is up.",
      `  Gateway:        ${url}`,
      `  Apollo Sandbox: open ${url} in a browser`,
      `  Storefront:     http://localhost:${webPort()}`,
      `  Subgraphs:      ${DOMAINS.map((domain) => `${domain} :${servicePort(domain)}`).join(", ")}`,
      `  Sign in as ${ADMIN_EMAIL} (password from ADMIN_PASSWORD, "admin-password" by default)`,
      `  or ${DEMO_CUSTOMERS.map((customer) => customer.email).join(" / ")} with "${DEMO_CUSTOMER_PASSWORD}".`,
      "  Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
}

/**
 * Stops every service and ends `npm start` with `code`; a failed start must not look like success.
 * concurrently restarts a service that a signal ended, so this keeps stopping what runs until nothing
 * does, and kills what is left once the grace period is over: no service outlives `npm start`.
 */
function stopAll(services: ReturnType<typeof runServices>, code: number): void {
  process.exitCode = code;
  const running = () => services.commands.filter((command) => command.state === "started");
  const deadline = Date.now() + STOP_GRACE_MS;
  // One SIGTERM per process: a second one would cut its clean stop short. A restarted service is a new pid.
  const signalled = new Set<number | undefined>();
  const sweep = () => {
    const left = running();
    if (left.length === 0) process.exit(code);
    const overdue = Date.now() >= deadline;
    for (const command of left) {
      if (overdue) command.kill("SIGKILL");
      else if (!signalled.has(command.pid)) {
        signalled.add(command.pid);
        command.kill("SIGTERM");
      }
    }
    setTimeout(sweep, STOP_SWEEP_MS);
  };
  sweep();
}

async function main(): Promise<void> {
  const envFile = path.join(PROJECT_ROOT, ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);

  const problems = await checkServices();
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  await step("Generating Prisma clients", () => generatePrismaClients({ onlyStale: true }));
  await step("Composing the supergraph from supergraph.yaml", () => {
    if (!composeToFile()) throw new Error("composition failed");
  });
  await step(`Compiling the services to ${SERVICES_BUILD.outDir}/ (when the sources changed)`, () => {
    const started = performance.now();
    const outcome = buildServices();
    process.stdout.write(`  ${outcome === "built" ? `built in ${((performance.now() - started) / 1000).toFixed(1)} s` : "up to date"}\n`);
  });
  await step("Creating and migrating databases", () => setUpDatabases());
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only once the clients exist
  const { seedDemoData } = require("./seed") as typeof import("./seed");
  await step("Seeding demo data", () => seedDemoData());
  await step("Starting 7 subgraphs, the gateway and the storefront", () => undefined);

  const services = runServices();
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => (stopping = true));
  // concurrently rejects when a service exits non-zero for good (after its restarts); a clean stop
  // (every service exiting 0 on SIGTERM) resolves.
  services.result.then(
    () => process.exit(process.exitCode ?? 0),
    () => process.exit(stopping ? (process.exitCode ?? 0) : 1),
  );
  if (await waitUntilReady(`http://127.0.0.1:${gatewayPort()}/ready`, Date.now() + READY_TIMEOUT_MS)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only once the clients exist
    printBanner(require("../subgraphs/users/src/seed") as typeof import("../subgraphs/users/src/seed"));
  } else if (!stopping) {
    console.error(`The gateway was not ready within ${READY_TIMEOUT_MS / 1000} s; see the logs above. Stopping.`);
    stopAll(services, 1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
