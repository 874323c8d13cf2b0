export { dropDatabase, ensureDatabase, maintenanceUrl, pingPostgres } from "./postgres-admin";
export { applyMigrationFiles, migrationsDir, PRISMA_ROOT } from "./migrations";
export { pingDatabase } from "./ping";
export { TRANSACTION_OPTIONS } from "./transaction-options";
