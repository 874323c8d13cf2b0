/**
 * `npm run generate:prisma`: generates every domain's Prisma client (they are not committed).
 * `--if-stale` regenerates only the clients whose schema or Prisma version changed since they were made,
 * so every entry point (start, seed, test, typecheck, bench, build) can run it first at almost no cost.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DOMAINS, type Domain } from "../packages/config";
import { prisma } from "./run-command";

const PRISMA_ROOT = path.join(__dirname, "..", "prisma");
const STAMP_FILE = ".schema-stamp";

/** What a generated client depends on: its schema and the versions of the generator and runtime. */
function sourceStamp(domain: Domain): string {
  const versions = ["prisma/package.json", "@prisma/client/package.json"].map(
    (manifest) => (JSON.parse(readFileSync(require.resolve(manifest), "utf8")) as { version: string }).version,
  );
  const schema = readFileSync(path.join(PRISMA_ROOT, domain, "schema.prisma"));
  return createHash("sha256").update(schema).update(versions.join(",")).digest("hex");
}

function stampPath(domain: Domain): string {
  return path.join(PRISMA_ROOT, domain, "generated", STAMP_FILE);
}

export function isClientStale(domain: Domain): boolean {
  const stamp = stampPath(domain);
  return !existsSync(stamp) || readFileSync(stamp, "utf8") !== sourceStamp(domain);
}

export async function generatePrismaClients(options: { onlyStale?: boolean } = {}): Promise<void> {
  const domains = options.onlyStale ? DOMAINS.filter(isClientStale) : [...DOMAINS];
  if (domains.length === 0) return;
  const results = await Promise.all(domains.map(async (domain) => ({ domain, ...(await prisma(domain, ["generate"])) })));
  const failed = results.filter((result) => result.code !== 0);
  for (const result of failed) console.error(`prisma generate failed for ${result.domain}:\n${result.output}`);
  if (failed.length > 0) throw new Error(`prisma generate failed for ${failed.map((result) => result.domain).join(", ")}`);
  for (const domain of domains) writeFileSync(stampPath(domain), sourceStamp(domain));
  console.log(`Generated Prisma clients for ${domains.join(", ")}.`);
}

if (require.main === module) {
  generatePrismaClients({ onlyStale: process.argv.includes("--if-stale") }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
