/** `npm run generate:prisma`: generates every domain's Prisma client (they are not committed). */
import { DOMAINS } from "../packages/config";
import { prisma } from "./run-command";

export async function generatePrismaClients(): Promise<void> {
  const results = await Promise.all(DOMAINS.map(async (domain) => ({ domain, ...(await prisma(domain, ["generate"])) })));
  const failed = results.filter((result) => result.code !== 0);
  for (const result of failed) console.error(`prisma generate failed for ${result.domain}:\n${result.output}`);
  if (failed.length > 0) throw new Error(`prisma generate failed for ${failed.map((result) => result.domain).join(", ")}`);
  console.log(`Generated Prisma clients for ${DOMAINS.length} domains.`);
}

if (require.main === module) {
  generatePrismaClients().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
