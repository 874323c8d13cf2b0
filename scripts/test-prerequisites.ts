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
/** XAUTOCLAIM, which the stream consumers use, came with Redis 6.2. */
export const MINIMUM_REDIS = [6, 2] as const;

export interface MachineFacts {
  nodeVersion: string;
  /** `server_version_num` of the PostgreSQL server, undefined when it cannot be reached. */
  postgresVersionNum: number | undefined;
  /** `redis-server --version`'s version ("7.0.15"), undefined when the binary is not on PATH. */
  redisServerVersion: string | undefined;
  procFilesystem: boolean;
  /** What preflight found wrong with PostgreSQL and Redis (empty when both answer). */
  serviceProblems: string[];
}

function olderThan(version: string, [minimumMajor, minimumMinor]: readonly [number, number]): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  return major < minimumMajor || (major === minimumMajor && minor < minimumMinor);
}

/** The pure verdict: one line per missing prerequisite, each saying how to get it. */
export function missingPrerequisites(facts: MachineFacts): string[] {
  const missing: string[] = [];
  if (olderThan(facts.nodeVersion, MINIMUM_NODE)) {
    missing.push(`Node.js ${MINIMUM_NODE.join(".")} or newer is needed (this is ${facts.nodeVersion}): install it from nodejs.org or your package manager.`);
  }
  missing.push(...facts.serviceProblems);
  const postgresMajor = facts.postgresVersionNum === undefined ? undefined : Math.floor(facts.postgresVersionNum / 10_000);
  if (postgresMajor !== undefined && postgresMajor < MINIMUM_POSTGRES_MAJOR) {
    missing.push(`PostgreSQL ${MINIMUM_POSTGRES_MAJOR} or newer is needed (the server is ${postgresMajor}): upgrade it or point POSTGRES_URL at a newer one.`);
  }
  if (facts.redisServerVersion === undefined) {
    missing.push("The tests start Redis servers of their own and need the `redis-server` binary on PATH: `apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS).");
  } else if (olderThan(facts.redisServerVersion, MINIMUM_REDIS)) {
    missing.push(`redis-server ${MINIMUM_REDIS.join(".")} or newer is needed (this is ${facts.redisServerVersion}): install a newer Redis.`);
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

function redisServerVersion(): string | undefined {
  const result = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (result.status !== 0) return undefined;
  return /v=(\d+\.\d+(?:\.\d+)?)/.exec(result.stdout)?.[1] ?? "0.0";
}

export async function readMachineFacts(env: NodeJS.ProcessEnv = process.env): Promise<MachineFacts> {
  return {
    nodeVersion: process.version,
    postgresVersionNum: await postgresVersionNum(env),
    redisServerVersion: redisServerVersion(),
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
