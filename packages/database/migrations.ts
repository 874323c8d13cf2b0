import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";

export const PRISMA_ROOT = path.resolve(__dirname, "../../prisma");

export function migrationsDir(domain: string): string {
  return path.join(PRISMA_ROOT, domain, "migrations");
}

/**
 * Applies a domain's committed migration files in order with plain SQL. Tests use it on throwaway
 * databases because it takes milliseconds; `npm start` applies the same files with `prisma migrate deploy`
 * (the Prisma 6 CLI, scripts/db-setup.ts).
 */
export async function applyMigrationFiles(databaseUrl: string, domain: string): Promise<void> {
  const dir = migrationsDir(domain);
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const name of names) {
      await client.query(readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
    }
  } finally {
    await client.end();
  }
}
