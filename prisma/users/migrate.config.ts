import { migrateConfigFor } from "../migrate-config-for";

// The Prisma 6 CLI's config for this domain's migrations (scripts/db-setup.ts, also in the image).
// `export =` (module.exports) rather than `export default`: Prisma's config loader takes a CommonJS
// module's exports as the default export, so the compiled dist/prisma/users/migrate.config.js that the
// image's migrate step loads must export the config itself, not { __esModule, default }.
export = migrateConfigFor("users");
