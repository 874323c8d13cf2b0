import { PrismaPg } from "@prisma/adapter-pg";
import { TRANSACTION_OPTIONS } from "../../../../packages/database";
import { PrismaClient } from "../../../../prisma/users/generated/client";

/** Typed to allow `$on("query")`, so tests can count SQL queries; the events only fire with logQueries. */
export type UsersPrisma = PrismaClient<"query">;

type QueryLoggingOptions = { adapter: PrismaPg; log: Array<{ emit: "event"; level: "query" }>; transactionOptions: typeof TRANSACTION_OPTIONS };

export function createPrismaClient(databaseUrl: string, options: { logQueries?: boolean } = {}): UsersPrisma {
  return new PrismaClient<QueryLoggingOptions>({
    adapter: new PrismaPg({ connectionString: databaseUrl }),
    log: options.logQueries ? [{ emit: "event", level: "query" }] : [],
    transactionOptions: TRANSACTION_OPTIONS,
  });
}
