import { prismaConfigFor } from "../prisma-config-for";

// The Prisma 7 CLI's config for this domain, used by `prisma generate` (scripts/generate-prisma.ts);
// migrations use migrate.config.ts. `export =` as in migrate.config.ts: Prisma's config loader takes a
// CommonJS module's exports as the default export.
export = prismaConfigFor("notifications");
