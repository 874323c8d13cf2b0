import { PrismaPg } from "@prisma/adapter-pg";
import { TRANSACTION_OPTIONS } from "../../../../packages/database";
import { type Prisma, PrismaClient } from "../../../../prisma/inventory/generated/client";

/**
 * Typed with the "query" log event so tests can count SQL queries with `$on("query")`; the events
 * are only emitted when `logQueries` is set. (An untyped PrismaClient accepts no `$on` event at all.)
 */
export type InventoryPrisma = PrismaClient<"query">;

/** The client inside an interactive transaction (e.g. the one handleOnce opens). */
export type InventoryTx = Prisma.TransactionClient;

interface ClientOptions {
  adapter: PrismaPg;
  log: Array<{ emit: "event"; level: "query" }>;
  transactionOptions: typeof TRANSACTION_OPTIONS;
}

export function createPrismaClient(databaseUrl: string, options: { logQueries?: boolean } = {}): InventoryPrisma {
  return new PrismaClient<ClientOptions>({
    adapter: new PrismaPg({ connectionString: databaseUrl }),
    log: options.logQueries ? [{ emit: "event", level: "query" }] : [],
    transactionOptions: TRANSACTION_OPTIONS,
  });
}
