import { prismaConfigFor } from "../prisma-config-for";

// `export =` (module.exports) rather than `export default`: Prisma's config loader takes a CommonJS
// module's exports as the default export, so the compiled dist/prisma/users/prisma.config.js that the
// image's migrate step loads must export the config itself, not { __esModule, default }.
export = prismaConfigFor("users");
