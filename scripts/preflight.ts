import Redis from "ioredis";
import { databaseUrl, DEFAULT_REDIS_URL } from "../packages/config";
import { pingPostgres } from "../packages/database";

/**
 * What `npm start` finds before doing anything: each of PostgreSQL and Redis either answers, does not
 * answer at all (not running, wrong host or port), or answers but refuses our credentials. Each case
 * needs a different fix, so each gets its own message; only servers that do not answer are worth starting.
 */
type Reachability = { state: "answers" } | { state: "silent" | "refuses" | "fails"; reason: string };

interface Server {
  name: "PostgreSQL" | "Redis";
  composeService: "postgres" | "redis";
  /** The variable the URL came from, named in the fix. */
  urlVariable: string;
  url: URL;
}

// Errors that mean nothing answered at that address (as opposed to a server that answered "no").
const SILENT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
// SQLSTATE class 28: invalid authorization (28P01 wrong password, 28000 unknown role or no pg_hba entry).
const POSTGRES_REFUSAL_CODES = new Set(["28P01", "28000"]);

function describe(error: unknown): { code?: string; message: string } {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { code: typeof code === "string" ? code : undefined, message: typeof message === "string" ? message : String(error) };
}

async function reachPostgres(url: string): Promise<Reachability> {
  try {
    await pingPostgres(url);
    return { state: "answers" };
  } catch (error) {
    const { code, message } = describe(error);
    if (code && SILENT_CODES.has(code)) return { state: "silent", reason: message };
    if (/timeout/i.test(message)) return { state: "silent", reason: message };
    // The server asked for a password the URL does not have: pg says so before sending anything.
    if ((code && POSTGRES_REFUSAL_CODES.has(code)) || /password/i.test(message)) return { state: "refuses", reason: message };
    return { state: "fails", reason: message };
  }
}

async function reachRedis(url: string): Promise<Reachability> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000, retryStrategy: () => null });
  // With retries off, connect() only says "Connection is closed"; the socket error says why.
  let socketError: unknown;
  redis.on("error", (error) => (socketError = error));
  try {
    await redis.connect();
    await redis.ping();
    return { state: "answers" };
  } catch (error) {
    const { code, message } = describe(socketError ?? error);
    if (/^(NOAUTH|WRONGPASS)\b/.test(message)) return { state: "refuses", reason: message };
    if ((code && SILENT_CODES.has(code)) || /closed|timeout/i.test(message)) return { state: "silent", reason: message };
    return { state: "fails", reason: message };
  } finally {
    // Once the connection has ended, disconnect() would only leave a 2 s timer behind (ioredis 5).
    if (redis.status !== "end") redis.disconnect();
  }
}

function isLocal(url: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

function credentialsFix(server: Server): string {
  if (server.name === "Redis") return `Put its password in ${server.urlVariable}: redis://:<password>@${server.url.host}.`;
  return (
    `Put a user and password it accepts in ${server.urlVariable}: postgresql://<user>:<password>@${server.url.host}. ` +
    "The PostgreSQL of docker-compose.yml takes user postgres with the POSTGRES_PASSWORD its volume was first " +
    'created with ("postgres" by default, which the default POSTGRES_URL uses).'
  );
}

function problemFor(server: Server, reach: Exclude<Reachability, { state: "answers" }>): string {
  const where = `${server.name} at ${server.url.host}`;
  switch (reach.state) {
    case "silent":
      return `${where} is not answering (${reach.reason}).`;
    case "refuses":
      return `${where} is running but refuses the credentials in ${server.urlVariable} (${reach.reason}). ${credentialsFix(server)}`;
    case "fails":
      return `${where} is running but cannot be used (${reach.reason}). Check ${server.urlVariable}.`;
  }
}

/** One line for the servers that do not answer: start the local ones, check the address of the others. */
function howToStart(silent: Server[]): string[] {
  const local = silent.filter((server) => isLocal(server.url));
  const remote = silent.filter((server) => !isLocal(server.url));
  const lines: string[] = [];
  if (local.length > 0) {
    lines.push(
      `Start ${local.map((server) => server.name).join(" and ")} with \`docker compose up -d ${local.map((server) => server.composeService).join(" ")}\`, ` +
        `or point ${local.map((server) => server.urlVariable).join(" / ")} at running servers (see .env.example).`,
    );
  }
  for (const server of remote) lines.push(`Check that ${server.name} runs at ${server.url.host} and is reachable from here, or fix ${server.urlVariable}.`);
  return lines;
}

/** Says plainly what is wrong with PostgreSQL and Redis, if anything, and how to fix it; [] when both answer. */
export async function checkServices(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const postgresUrl = databaseUrl(env, "users");
  const redisUrl = env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const checks: Array<[Server, Reachability]> = await Promise.all([
    reachPostgres(postgresUrl).then((reach): [Server, Reachability] => [
      { name: "PostgreSQL", composeService: "postgres", urlVariable: env.USERS_DATABASE_URL ? "USERS_DATABASE_URL" : "POSTGRES_URL", url: new URL(postgresUrl) },
      reach,
    ]),
    reachRedis(redisUrl).then((reach): [Server, Reachability] => [
      { name: "Redis", composeService: "redis", urlVariable: "REDIS_URL", url: new URL(redisUrl) },
      reach,
    ]),
  ]);
  const problems: string[] = [];
  const silent: Server[] = [];
  for (const [server, reach] of checks) {
    if (reach.state === "answers") continue;
    problems.push(problemFor(server, reach));
    if (reach.state === "silent") silent.push(server);
  }
  return [...problems, ...howToStart(silent)];
}
