#!/bin/sh
# Stands in for Prisma 7's native schema engine (PRISMA_SCHEMA_ENGINE_BINARY, set by scripts/run-command.ts).
# Prisma 7's CLI downloads that engine before every command unless this variable names an existing file,
# and these machines cannot download it. `prisma generate` never runs it; any command that does (migrate,
# db, introspection) fails here, loudly: migrations go through the Prisma 6 CLI (prisma/migrate-config-for.ts).
echo "Prisma 7's schema engine is not available offline (called with: $*); migrations use the Prisma 6 CLI (node node_modules/prisma6/build/index.js ... --config prisma/<domain>/migrate.config.ts)" >&2
exit 1
