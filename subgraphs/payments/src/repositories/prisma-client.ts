import { PrismaPg } from "@prisma/adapter-pg";
import { TRANSACTION_OPTIONS } from "../../../../packages/database";
import { PrismaClient, type Prisma } from "../../../../prisma/payments/generated/client";

/** Typed to allow `$on("query")`, so tests can count SQL queries; the events only fire with logQueries. */
export type PaymentsPrisma = PrismaClient<"query">;

/** The client or an open transaction: repositories work with either, so the saga can call them inside its own. */
export type PaymentsTx = Prisma.TransactionClient;
export type PaymentsDb = PaymentsPrisma | PaymentsTx;

type QueryLoggingOptions = { adapter: PrismaPg; log: Array<{ emit: "event"; level: "query" }>; transactionOptions: typeof TRANSACTION_OPTIONS };

export function createPrismaClient(databaseUrl: string, options: { logQueries?: boolean } = {}): PaymentsPrisma {
  return new PrismaClient<QueryLoggingOptions>({
    adapter: new PrismaPg({ connectionString: databaseUrl }),
    log: options.logQueries ? [{ emit: "event", level: "query" }] : [],
    transactionOptions: TRANSACTION_OPTIONS,
  });
}
