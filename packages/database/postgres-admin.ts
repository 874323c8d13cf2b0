import { Client } from "pg";

/** The URL of the server's maintenance database, for creating and dropping databases. */
export function maintenanceUrl(databaseUrl: string): { url: string; database: string } {
  const parsed = new URL(databaseUrl);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`unsupported database name "${database}"`);
  parsed.pathname = "/postgres";
  return { url: parsed.toString(), database };
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    // A refused or failed connect can leave the socket open (e.g. after an authentication error).
    await client.end().catch(() => undefined);
    throw error;
  }
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL unless it exists; returns whether it was created. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { url, database } = maintenanceUrl(databaseUrl);
  return withClient(url, async (client) => {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (existing.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${database}"`);
    } catch (error) {
      // Another process created it between our check and our CREATE (42P04: duplicate_database).
      if ((error as { code?: string }).code === "42P04") return false;
      throw error;
    }
    return true;
  });
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { url, database } = maintenanceUrl(databaseUrl);
  await withClient(url, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}

/** Resolves when PostgreSQL answers; otherwise rejects with the driver's reason. */
export async function pingPostgres(databaseUrl: string): Promise<void> {
  await withClient(maintenanceUrl(databaseUrl).url, (client) => client.query("SELECT 1"));
}
