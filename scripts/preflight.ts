import Redis from "ioredis";
import { databaseUrl, DEFAULT_REDIS_URL } from "../packages/config";
import { pingPostgres } from "../packages/database";

const HOW_TO_START = "Start them with `docker compose up -d postgres redis`, or point POSTGRES_URL / REDIS_URL at running servers (see .env.example).";

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Says plainly which of PostgreSQL and Redis cannot be reached, and how to start them. */
export async function checkServices(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const problems: string[] = [];
  const postgresUrl = databaseUrl(env, "users");
  try {
    await pingPostgres(postgresUrl);
  } catch (error) {
    const host = new URL(postgresUrl).host;
    problems.push(`PostgreSQL at ${host} cannot be reached (${error instanceof Error ? error.message : String(error)}).`);
  }
  const redisUrl = env.REDIS_URL ?? DEFAULT_REDIS_URL;
  if (!(await redisAnswers(redisUrl))) problems.push(`Redis at ${new URL(redisUrl).host} cannot be reached.`);
  if (problems.length > 0) problems.push(HOW_TO_START);
  return problems;
}
