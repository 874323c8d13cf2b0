import { randomBytes } from "node:crypto";
import path from "node:path";
import { DOMAINS, type Domain } from "../packages/config";
import { PROJECT_ROOT } from "../packages/schema-tools";
import { buildServices, ensureBuild, SERVICE_NODE_OPTIONS, serviceNodeArgs, type BuildSpec } from "../packages/service-launch";
import {
  createTestDatabase,
  freePort,
  spawnNode,
  startRedisServer,
  TEST_SIGNING_SECRET,
  TEST_TOKEN_SETTINGS,
  waitForOk,
  type ServiceProcess,
  type TestDatabase,
} from "../packages/testing";
import type { PlainGatewayCounts } from "./plain-gateway";
import type { CpuSource } from "./process-cpu";
import { scrapeMetrics, sumSeries } from "./prometheus";

/** What a gateway has sent its subgraphs so far, as the gateway counted it. */
export interface GatewayCounts {
  subgraphRequests: number;
  /** Entity representations as the query plans asked for them, one per occurrence. */
  representationsPlanned: number;
  /** Entity representations actually sent (fewer when the gateway sends each distinct one once). */
  representationsSent: number;
  /** Queries answered from the response cache (no subgraph called). */
  cacheHits: number;
}

export interface GatewayProcess {
  url: string;
  pid: number;
  readCounts(): Promise<GatewayCounts>;
  stop(): Promise<void>;
}

export interface ServiceProcesses {
  subgraphUrls: Record<Domain, string>;
  /** The Redis the services' saga workers use (their own server). */
  redisUrl: string;
  databases: Record<Domain, TestDatabase>;
  /** Process ids, for reading each one's CPU time from /proc. */
  pids: Record<Domain, number> & { redis: number };
  /** A gateway process in front of the subgraphs, with these settings on top of the production defaults. */
  startGateway(settings?: Record<string, string>): Promise<GatewayProcess>;
  /** Plain @apollo/gateway (bench/plain-gateway.ts) in front of the same subgraphs, over the same supergraph.graphql. */
  startPlainGateway(): Promise<GatewayProcess>;
  stop(): Promise<void>;
}

/**
 * BENCH_CPU_PROF_DIR=<dir>: every service writes a V8 CPU profile there when it stops (node --cpu-prof;
 * NODE_OPTIONS may not carry it); `tsx bench/profile-summary.ts <dir>` reads them.
 */
function profilerArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
}

/** bench/plain-gateway.ts compiled as our services are, so that both gateways run as plain `node`. */
const PLAIN_GATEWAY_BUILD: BuildSpec = {
  root: PROJECT_ROOT,
  tsconfigs: ["bench/tsconfig.plain-gateway.json", "tsconfig.json"],
  outDir: "dist-bench",
  assets: [],
};

/** The environment every benchmarked service runs with (production mode, test secrets, limits that never refuse the load). */
export function benchServiceEnv(redisUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    REDIS_URL: redisUrl,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
    JWT_SECRET: TEST_TOKEN_SETTINGS.secret,
    // One log-in serves a whole run, which may outlast the 15-minute default of an access token.
    JWT_TTL_SECONDS: String(24 * 60 * 60),
    ADMIN_PASSWORD: "bench-admin-password",
    // Rate limits run (their cost is measured) but never refuse the load generator's one address.
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(1e9),
    RATE_LIMIT_CUSTOMER_PER_MINUTE: String(1e9),
    RATE_LIMIT_KEY_PREFIX: `bench:${randomBytes(6).toString("hex")}`,
    METRICS_PORT: "0",
  };
}

/**
 * The seven subgraphs as separate processes (as in production), on free ports and throwaway databases;
 * gateways are started and stopped one at a time in front of them, so each one's CPU time can be read
 * from /proc while it is the only gateway running. Our services run from the compiled build exactly as
 * `npm start` runs them (packages/service-launch), built first if the sources changed.
 */
export async function startServiceProcesses(
  seed: (databases: Record<Domain, TestDatabase>) => Promise<void>,
  settings: Record<string, string> = {},
): Promise<ServiceProcesses> {
  buildServices();
  ensureBuild(PLAIN_GATEWAY_BUILD);
  const databases = {} as Record<Domain, TestDatabase>;
  for (const domain of DOMAINS) databases[domain] = await createTestDatabase(domain);
  await seed(databases);

  // The saga workers run in every subgraph process: give them a Redis of their own, away from `npm start`'s.
  const redisServer = await startRedisServer();
  const env: NodeJS.ProcessEnv = { ...benchServiceEnv(redisServer.url), ...settings };
  const subgraphUrls = {} as Record<Domain, string>;
  for (const domain of DOMAINS) {
    const port = await freePort();
    env[`${domain.toUpperCase()}_PORT`] = String(port);
    env[`${domain.toUpperCase()}_DATABASE_URL`] = databases[domain].url;
    env[`${domain.toUpperCase()}_URL`] = subgraphUrls[domain] = `http://127.0.0.1:${port}/graphql`;
  }

  const processes: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((child) => child.stop()));
    await redisServer.stop();
    await Promise.all(Object.values(databases).map((database) => database.drop()));
  };
  const startGateway = async (settings: Record<string, string> = {}): Promise<GatewayProcess> => {
    const port = await freePort();
    const metricsPort = await freePort();
    const gateway = spawnNode(serviceNodeArgs("gateway", profilerArgs()), { ...env, ...settings, GATEWAY_PORT: String(port), METRICS_PORT: String(metricsPort) });
    processes.push(gateway);
    await waitForOk(`http://127.0.0.1:${port}/ready`);
    const readCounts = async (): Promise<GatewayCounts> => {
      const text = await scrapeMetrics(`http://127.0.0.1:${metricsPort}/metrics`);
      return {
        subgraphRequests: sumSeries(text, "gateway_subgraph_fetches_total"),
        representationsPlanned: sumSeries(text, "gateway_entity_representations_total", { kind: "planned" }),
        representationsSent: sumSeries(text, "gateway_entity_representations_total", { kind: "sent" }),
        cacheHits: sumSeries(text, "gateway_response_cache_requests_total", { outcome: "hit" }),
      };
    };
    return { url: `http://127.0.0.1:${port}/graphql`, pid: gateway.pid, readCounts, stop: gateway.stop };
  };
  const startPlainGateway = async (): Promise<GatewayProcess> => {
    const port = await freePort();
    // The committed supergraph.graphql, which dist/supergraph.graphql (ours) is a copy of.
    const supergraphPath = path.join(PROJECT_ROOT, "supergraph.graphql");
    const entry = path.join(PLAIN_GATEWAY_BUILD.outDir, "bench/plain-gateway.js");
    // Under the same node options as ours, so that the two gateways' figures differ by their code alone.
    const gateway = spawnNode([...SERVICE_NODE_OPTIONS, ...profilerArgs(), entry], { ...env, PORT: String(port), SUPERGRAPH_PATH: supergraphPath });
    processes.push(gateway);
    await waitForOk(`http://127.0.0.1:${port}/health`);
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);
    const readCounts = async (): Promise<GatewayCounts> => {
      const counts = (await (await fetch(`http://127.0.0.1:${port}/bench-counts`)).json()) as PlainGatewayCounts;
      const representations = total(counts.representations);
      return { subgraphRequests: total(counts.subgraphRequests), representationsPlanned: representations, representationsSent: representations, cacheHits: 0 };
    };
    return { url: `http://127.0.0.1:${port}/graphql`, pid: gateway.pid, readCounts, stop: gateway.stop };
  };
  const pids = { redis: redisServer.pid } as Record<Domain, number> & { redis: number };
  try {
    for (const domain of DOMAINS) {
      const service = spawnNode(serviceNodeArgs(domain, profilerArgs()), env);
      processes.push(service);
      pids[domain] = service.pid;
    }
    for (const url of Object.values(subgraphUrls)) await waitForOk(new URL("/ready", url).toString());
    return { subgraphUrls, redisUrl: redisServer.url, databases, pids, startGateway, startPlainGateway, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Every process of the system under test, for cpuSnapshot: the gateway, the subgraphs, PostgreSQL, Redis.
 * PostgreSQL is all of its processes, or (`postgres: "backends"`) only the backends serving these services'
 * databases, when other jobs share the server and its own background work is not what is measured.
 */
export function serviceCpuProcesses(processes: ServiceProcesses, gatewayPid: number, postgres: "all" | "backends" = "all"): Record<string, CpuSource> {
  const databases = DOMAINS.map((domain) => new URL(processes.databases[domain].url).pathname.slice(1));
  return {
    gateway: gatewayPid,
    ...Object.fromEntries(DOMAINS.map((domain) => [domain, processes.pids[domain]])),
    postgres: { postgres: postgres === "all" ? "all" : databases },
    redis: processes.pids.redis,
  };
}
