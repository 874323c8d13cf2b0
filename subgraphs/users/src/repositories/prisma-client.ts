import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../../../prisma/users/generated/client";

export type UsersPrisma = PrismaClient;

export function createPrismaClient(databaseUrl: string, options: { logQueries?: boolean } = {}): UsersPrisma {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl }),
    log: options.logQueries ? [{ emit: "event", level: "query" }] : [],
  });
}
