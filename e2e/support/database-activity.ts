import type { RunningSupergraph } from "../../packages/testing";

/** One SQL statement a subgraph ran for a request, as Prisma's query event reports it. */
export interface LoggedStatement {
  domain: string;
  query: string;
  params: string;
}

interface QueryEvent {
  query: string;
  params: string;
}

interface RawQueryClient {
  $on(event: "query", listener: (event: QueryEvent) => void): void;
  $queryRawUnsafe<T>(sql: string): Promise<T>;
}

// "SELECT ... FOR UPDATE" locks rows but writes none, so an UPDATE after FOR (NO KEY) is not a write.
const WRITE = /\bINSERT\s+INTO\b|\bDELETE\s+FROM\b|(?<!\bFOR\s+(?:NO\s+KEY\s+)?)\bUPDATE\s|\bMERGE\s+INTO\b|\bTRUNCATE\b/i;

export function isWrite(statement: LoggedStatement): boolean {
  return WRITE.test(statement.query);
}

/**
 * Records every statement the subgraphs' request clients run. Workers have clients of their own (see
 * serveSubgraph), so what is recorded between two points is exactly what the requests in between cost.
 */
export function recordStatements(supergraph: RunningSupergraph): LoggedStatement[] {
  const log: LoggedStatement[] = [];
  for (const [domain, subgraph] of Object.entries(supergraph.subgraphs)) {
    (subgraph!.prisma as unknown as RawQueryClient).$on("query", (event) => log.push({ domain, query: event.query, params: event.params }));
  }
  return log;
}

/**
 * A digest of every row of every table of every subgraph's database: two equal fingerprints mean nothing
 * was written in between (when no worker had work in flight).
 */
export async function fingerprintDatabases(supergraph: RunningSupergraph): Promise<Record<string, string>> {
  const fingerprint: Record<string, string> = {};
  for (const [domain, subgraph] of Object.entries(supergraph.subgraphs)) {
    const client = subgraph!.prisma as unknown as RawQueryClient;
    const tables = await client.$queryRawUnsafe<Array<{ name: string }>>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    for (const { name } of tables) {
      const [digest] = await client.$queryRawUnsafe<Array<{ rows: number; md5: string }>>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM "${name}" t`,
      );
      fingerprint[`${domain}.${name}`] = `${digest!.rows}:${digest!.md5}`;
    }
  }
  return fingerprint;
}
