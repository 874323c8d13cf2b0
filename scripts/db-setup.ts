/**
 * `npm run db:setup`: creates each domain's database when it is missing and applies its committed
 * migrations with `prisma migrate deploy` (the Prisma 6 CLI: see prismaMigrate). Safe to run any number of times.
 * `node dist/scripts/db-setup.js <domain>...` does the same for the named domains only (Kubernetes runs one
 * migration Job per database, each with that database's credentials only).
 */
import { databaseUrl, DOMAINS, type Domain } from "../packages/config";
import { ensureDatabase } from "../packages/database";
import { prismaMigrate } from "./run-command";

/** The domains named on the command line (all when none is), refusing names that are not domains. */
export function domainsToSetUp(args: readonly string[]): readonly Domain[] {
  const unknown = args.filter((arg) => !(DOMAINS as readonly string[]).includes(arg));
  if (unknown.length > 0) throw new Error(`unknown domain ${unknown.join(", ")}; domains are ${DOMAINS.join(", ")}`);
  return args.length === 0 ? DOMAINS : DOMAINS.filter((domain) => args.includes(domain));
}

export async function setUpDatabases(env: NodeJS.ProcessEnv = process.env, domains: readonly Domain[] = DOMAINS): Promise<void> {
  for (const domain of domains) {
    if (await ensureDatabase(databaseUrl(env, domain))) console.log(`created database for ${domain}`);
  }
  // Each deploy runs in its own process; running them side by side keeps start-up short.
  const results = await Promise.all(domains.map(async (domain) => ({ domain, ...(await prismaMigrate(domain, ["migrate", "deploy"], env)) })));
  const failed = results.filter((result) => result.code !== 0);
  for (const result of failed) console.error(`migrations failed for ${result.domain}:\n${result.output}`);
  if (failed.length > 0) throw new Error(`migrations failed for ${failed.map((result) => result.domain).join(", ")}`);
  console.log(`Migrations applied for ${domains.length} database${domains.length === 1 ? "" : "s"}.`);
}

if (require.main === module) {
  Promise.resolve()
    .then(() => setUpDatabases(process.env, domainsToSetUp(process.argv.slice(2))))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
