import type { Express } from "express";
import { createLogger, type Logger } from "../logging";
import { TEST_SIGNING_SECRET } from "./signed-request";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { runApp, type RunningApp } from "./running-app";

export const TEST_TOKEN_SETTINGS = {
  secret: "test-jwt-secret-0123456789abcdef",
  issuer: "shop-users",
  audience: "shop-gateway",
  ttlSeconds: 600,
};

/** The config every subgraph's createServer takes in tests (users also reads `token`). */
export const TEST_SUBGRAPH_CONFIG = { production: false, gatewaySigningSecret: TEST_SIGNING_SECRET, token: TEST_TOKEN_SETTINGS };

export interface QueryLoggingClient {
  $on(event: "query", listener: () => void): void;
  $disconnect(): Promise<void>;
}

/** The two factories every subgraph exports, by the shared subgraph shape. */
export interface SubgraphParts<TPrisma> {
  createPrismaClient(url: string, options: { logQueries?: boolean }): TPrisma;
  createServer(deps: { config: typeof TEST_SUBGRAPH_CONFIG; prisma: TPrisma; logger: Logger }): Promise<{ app: Express; stop(): Promise<void> }>;
}

export interface ServedSubgraph<TPrisma> {
  database: TestDatabase;
  prisma: TPrisma;
  app: RunningApp;
  /** SQL statements run since the count was last set to 0. */
  queries: { count: number };
  close(): Promise<void>;
}

/**
 * One subgraph over real HTTP on a free port, with its own throwaway database and a Prisma client that
 * counts its SQL statements. `prepare` runs before the server starts (seeding, extra rows).
 */
export async function serveSubgraph<TPrisma extends QueryLoggingClient>(
  domain: string,
  parts: SubgraphParts<TPrisma>,
  prepare: (prisma: TPrisma) => Promise<unknown> = async () => {},
): Promise<ServedSubgraph<TPrisma>> {
  const database = await createTestDatabase(domain);
  const prisma = parts.createPrismaClient(database.url, { logQueries: true });
  const queries = { count: 0 };
  prisma.$on("query", () => {
    queries.count += 1;
  });
  const release = async () => {
    await prisma.$disconnect();
    await database.drop();
  };
  try {
    await prepare(prisma);
    const { app, stop } = await parts.createServer({ config: TEST_SUBGRAPH_CONFIG, prisma, logger: createLogger(domain, "silent") });
    const running = await runApp(app, async () => {
      await stop();
      await release();
    });
    return { database, prisma, app: running, queries, close: running.close };
  } catch (error) {
    await release();
    throw error;
  }
}
