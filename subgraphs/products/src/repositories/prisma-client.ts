import { PrismaPg } from "@prisma/adapter-pg";
import { TRANSACTION_OPTIONS } from "../../../../packages/database";
import { PrismaClient } from "../../../../prisma/products/generated/client";

/** Typed as able to emit query events, so tests can count SQL queries with `$on("query")`. */
export type ProductsPrisma = PrismaClient<"query">;

export function createPrismaClient(databaseUrl: string, options: { logQueries?: boolean } = {}): ProductsPrisma {
  // The element type (not the value) tells Prisma's types that query events may be emitted.
  const log: Array<{ emit: "event"; level: "query" }> = options.logQueries ? [{ emit: "event", level: "query" }] : [];
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }), log, transactionOptions: TRANSACTION_OPTIONS });
}
