import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { databaseUrl } from "../packages/config";

/**
 * The Prisma CLI config of one domain. Prisma 6 runs its WebAssembly schema engine through a driver
 * adapter, which works offline; the datasource URL comes from the same variables the subgraph reads.
 */
export function prismaConfigFor(domain: string) {
  return defineConfig({
    experimental: { adapter: true },
    engine: "js",
    schema: path.join(__dirname, domain, "schema.prisma"),
    adapter: async () => new PrismaPg({ connectionString: databaseUrl(process.env, domain) }),
  });
}
