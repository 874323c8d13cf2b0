/**
 * `npm run db:setup`: creates each domain's database when it is missing and applies its committed
 * migrations with `prisma migrate deploy` (the Prisma 6 CLI: see prismaMigrate). Safe to run any number of times.
 */
import { databaseUrl, DOMAINS } from "../packages/config";
import { ensureDatabase } from "../packages/database";
import { prismaMigrate } from "./run-command";

export async function setUpDatabases(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const domain of DOMAINS) {
    if (await ensureDatabase(databaseUrl(env, domain))) console.log(`created database for ${domain}`);
  }
  // Each deploy runs in its own process; running them side by side keeps start-up short.
  const results = await Promise.all(DOMAINS.map(async (domain) => ({ domain, ...(await prismaMigrate(domain, ["migrate", "deploy"], env)) })));
  const failed = results.filter((result) => result.code !== 0);
  for (const result of failed) console.error(`migrations failed for ${result.domain}:\n${result.output}`);
  if (failed.length > 0) throw new Error(`migrations failed for ${failed.map((result) => result.domain).join(", ")}`);
  console.log(`Migrations applied for ${DOMAINS.length} databases.`);
}

if (require.main === module) {
  setUpDatabases().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
