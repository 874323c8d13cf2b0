import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseUrl } from "../packages/config";

/**
 * The Prisma 7 CLI config of one domain, for `prisma generate` (the only Prisma 7 CLI command this project
 * runs: migrations go through the Prisma 6 CLI with migrate.config.ts, see migrate-config-for.ts). Prisma 7
 * takes the datasource URL from here, never from schema.prisma; the subgraphs pass theirs to adapter-pg.
 */
export function prismaConfigFor(domain: string) {
  return defineConfig({
    schema: path.join(__dirname, domain, "schema.prisma"),
    migrations: { path: path.join(__dirname, domain, "migrations") },
    datasource: { url: databaseUrl(process.env, domain) },
  });
}
