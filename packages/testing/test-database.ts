import { randomBytes } from "node:crypto";
import { DEFAULT_POSTGRES_URL } from "../config";
import { applyMigrationFiles, dropDatabase, ensureDatabase } from "../database";

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** A throwaway database with a domain's migrations applied; drop it in afterAll. */
export async function createTestDatabase(domain: string): Promise<TestDatabase> {
  const base = (process.env.TEST_POSTGRES_URL ?? DEFAULT_POSTGRES_URL).replace(/\/+$/, "");
  const url = `${base}/shop_test_${domain}_${randomBytes(5).toString("hex")}`;
  await ensureDatabase(url);
  await applyMigrationFiles(url, domain);
  return { url, drop: () => dropDatabase(url) };
}
