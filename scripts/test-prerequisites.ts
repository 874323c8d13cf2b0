/**
 * Run by `npm test` before anything else: says in one line per problem what the test suite needs that
 * this machine lacks, and how to get it, instead of failing later with ENOENT or a driver error.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { Client } from "pg";
import { databaseUrl } from "../packages/config";
import { maintenanceUrl } from "../packages/database";
import { checkServices } from "./preflight";

export const MINIMUM_NODE = [20, 19] as const;
export const MINIMUM_POSTGRES_MAJOR = 13;

export interface MachineFacts {
  nodeVersion: string;
  /** `server_version_num` of the PostgreSQL server, undefined when it cannot be reached. */
  postgresVersionNum: number | undefined;
  redisServerOnPath: boolean;
  procFilesystem: boolean;
  /** What preflight found wrong with PostgreSQL and Redis (empty when both answer). */
  serviceProblems: string[];
}

function nodeTooOld(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  return major < MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor < MINIMUM_NODE[1]);
}

/** The pure verdict: one line per missing prerequisite, each saying how to get it. */
export function missingPrerequisites(facts: MachineFacts): string[] {
  const missing: string[] = [];
  if (nodeTooOld(facts.nodeVersion)) {
    missing.push(`Node.js ${MINIMUM_NODE.join(".")} or newer is needed (this is ${facts.nodeVersion}): install it from nodejs.org or your package manager.`);
  }
  missing.push(...facts.serviceProblems);
  const postgresMajor = facts.postgresVersionNum === undefined ? undefined : Math.floor(facts.postgresVersionNum / 10_000);
  if (postgresMajor !== undefined && postgresMajor < MINIMUM_POSTGRES_MAJOR) {
    missing.push(`PostgreSQL ${MINIMUM_POSTGRES_MAJOR} or newer is needed (the server is ${postgresMajor}): upgrade it or point POSTGRES_URL at a newer one.`);
  }
  if (!facts.redisServerOnPath) {
    missing.push("The tests start Redis servers of their own and need the `redis-server` binary on PATH: `apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS).");
  }
  if (!facts.procFilesystem) {
    missing.push("The tests read processes from /proc and so run on Linux only (use a Linux machine, WSL 2 or a Linux container).");
  }
  return missing;
}

async function postgresVersionNum(env: NodeJS.ProcessEnv): Promise<number | undefined> {
  const client = new Client({ connectionString: maintenanceUrl(databaseUrl(env, "users")).url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const result = await client.query<{ version: string }>("SELECT current_setting('server_version_num') AS version");
    return Number(result.rows[0]?.version);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function readMachineFacts(env: NodeJS.ProcessEnv = process.env): Promise<MachineFacts> {
  return {
    nodeVersion: process.version,
    postgresVersionNum: await postgresVersionNum(env),
    redisServerOnPath: spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0,
    procFilesystem: existsSync("/proc/self/stat"),
    serviceProblems: await checkServices(env),
  };
}

if (require.main === module) {
  readMachineFacts()
    .then((facts) => {
      const missing = missingPrerequisites(facts);
      if (missing.length === 0) return;
      console.error(`npm test cannot run yet:\n${missing.map((line) => `  - ${line}`).join("\n")}`);
      process.exit(1);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
