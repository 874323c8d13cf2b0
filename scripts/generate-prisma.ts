/** `npm run generate:prisma`: generates every domain's Prisma client (they are not committed). */
import { DOMAINS } from "../packages/config";
import { prisma } from "./run-command";

async function main(): Promise<number> {
  const results = await Promise.all(DOMAINS.map(async (domain) => ({ domain, ...(await prisma(domain, ["generate"])) })));
  const failed = results.filter((result) => result.code !== 0);
  for (const result of failed) console.error(`prisma generate failed for ${result.domain}:\n${result.output}`);
  if (failed.length === 0) console.log(`Generated Prisma clients for ${DOMAINS.length} domains.`);
  return failed.length === 0 ? 0 : 1;
}

main().then((code) => (process.exitCode = code));
