import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma6/config";
import { databaseUrl } from "../packages/config";

/**
 * The migration config of one domain, for the Prisma 6.19 CLI (the `prisma6` npm alias). Prisma 7's CLI
 * runs migrations only through a native schema engine it downloads, which these machines cannot do;
 * Prisma 6 runs its WebAssembly schema engine through a driver adapter, offline. `migrate deploy` and
 * `migrate status` need no models, only the provider: migrate-schema.prisma (whose literal URL keeps the
 * Prisma 6 CLI from fetching an engine; the real one is the adapter's). The migrations are the domain's own.
 */
export function migrateConfigFor(domain: string) {
  return defineConfig({
    experimental: { adapter: true },
    engine: "js",
    schema: path.join(__dirname, "migrate-schema.prisma"),
    migrations: { path: path.join(__dirname, domain, "migrations") },
    adapter: async () => new PrismaPg({ connectionString: databaseUrl(process.env, domain) }),
  });
}
