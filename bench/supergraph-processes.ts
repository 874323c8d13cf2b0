import { spawn, type ChildProcess } from "node:child_process";
import { DOMAINS, type Domain } from "../packages/config";
import { PROJECT_ROOT } from "../packages/schema-tools";
import { createTestDatabase, TEST_SIGNING_SECRET, TEST_TOKEN_SETTINGS, type TestDatabase } from "../packages/testing";
import { freePort } from "./free-port";

export interface ServiceProcesses {
  gatewayUrl: string;
  subgraphUrls: Record<Domain, string>;
  gatewayPid: number;
  databases: Record<Domain, TestDatabase>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

async function waitForReady(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * The supergraph as separate processes (one per service, as in production), on free ports and
 * throwaway databases, so the gateway's own CPU time can be read from /proc.
 */
export async function startServiceProcesses(seed: (databases: Record<Domain, TestDatabase>) => Promise<void>): Promise<ServiceProcesses> {
  const databases = {} as Record<Domain, TestDatabase>;
  for (const domain of DOMAINS) databases[domain] = await createTestDatabase(domain);
  await seed(databases);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
    JWT_SECRET: TEST_TOKEN_SETTINGS.secret,
    ADMIN_PASSWORD: "bench-admin-password",
  };
  const subgraphUrls = {} as Record<Domain, string>;
  for (const domain of DOMAINS) {
    const port = await freePort();
    env[`${domain.toUpperCase()}_PORT`] = String(port);
    env[`${domain.toUpperCase()}_DATABASE_URL`] = databases[domain].url;
    env[`${domain.toUpperCase()}_URL`] = subgraphUrls[domain] = `http://127.0.0.1:${port}/graphql`;
  }
  const gatewayPort = await freePort();
  env.GATEWAY_PORT = String(gatewayPort);

  const children: ChildProcess[] = [];
  const start = (entry: string) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    children.push(child);
    return child;
  };
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await Promise.all(Object.values(databases).map((database) => database.drop()));
  };
  try {
    for (const domain of DOMAINS) start(`subgraphs/${domain}/src/index.ts`);
    const gateway = start("gateway/src/index.ts");
    await waitForReady(`http://127.0.0.1:${gatewayPort}/ready`);
    return { gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`, subgraphUrls, gatewayPid: gateway.pid!, databases, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
