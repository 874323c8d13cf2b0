import { counter } from "./registry";

const statements = counter({
  name: "db_statements_total",
  help: "SQL statements a service sent to its database; an explicit transaction's BEGIN is counted with its COMMIT or ROLLBACK",
});

/** A Prisma client created with query events on. */
export interface QueryEventSource {
  $on(eventType: "query", listener: (event: { query: string }) => void): unknown;
}

// Prisma reports COMMIT and ROLLBACK but not the BEGIN that opened the transaction.
const TRANSACTION_END = /^(COMMIT|ROLLBACK)\b/i;

/** Counts every statement the client sends, so statements per request or per order can be read off /metrics. */
export function countDatabaseStatements(service: string, prisma: QueryEventSource): void {
  prisma.$on("query", (event) => statements.inc({ service }, TRANSACTION_END.test(event.query) ? 2 : 1));
}
