import type { Express } from "express";
import type Redis from "ioredis";
import { createLogger, type Logger } from "../logging";
import type { StartWorkers, WorkerSettings } from "../messaging";
import { TEST_SIGNING_SECRET } from "./signed-request";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { runApp, type RunningApp } from "./running-app";

export const TEST_TOKEN_SETTINGS = {
  secret: "test-jwt-secret-0123456789abcdef",
  issuer: "shop-users",
  audience: "shop-gateway",
  ttlSeconds: 600,
};

/** Stream workers on short waits, so tests of redelivery and claims finish in seconds. */
export const TEST_WORKER_SETTINGS: WorkerSettings = {
  consumerName: `test-${process.pid}`,
  maxDeliveries: 3,
  claimIdleMs: 1_000,
  relayIntervalMs: 20,
  blockMs: 200,
  concurrency: 4,
  batchSize: 50,
  trimIntervalMs: 1_000,
  deadLetterMaxLength: 10_000,
  crashAt: [],
};

/** The orders saga on a short clock (orders' config `saga`), so tests of deadlines and resends finish in seconds. */
export const TEST_SAGA_TIMING = { deadlineMs: 20_000, resendAfterMs: 3_000, sweepIntervalMs: 250 };

/** Guest carts on a test clock: a day to live, swept every 250 ms (tests age carts by their updated_at). */
export const TEST_GUEST_CART_TIMING = { ttlMs: 86_400_000, sweepIntervalMs: 250 };

/**
 * The config every subgraph's createServer takes in tests (users also reads `token`, `sessions` and
 * `redisUrl`, where it writes token revocations: a closed port unless a test gives its Redis; orders reads
 * `productsUrl`, `shippingUrl`, `saga` and `guestCarts`).
 */
export const TEST_SUBGRAPH_CONFIG = {
  production: false,
  gatewaySigningSecret: TEST_SIGNING_SECRET,
  token: TEST_TOKEN_SETTINGS,
  sessions: { ttlSeconds: 30 * 24 * 60 * 60 },
  redisUrl: "redis://127.0.0.1:9",
  productsUrl: "http://127.0.0.1:9/graphql",
  shippingUrl: "http://127.0.0.1:9/graphql",
  guestCarts: TEST_GUEST_CART_TIMING,
  workers: TEST_WORKER_SETTINGS,
  saga: TEST_SAGA_TIMING,
};

export type TestSubgraphConfig = typeof TEST_SUBGRAPH_CONFIG;

export interface ServeOptions<TPrisma> {
  config?: Partial<TestSubgraphConfig>;
  /** With both, the subgraph's stream workers run too, on this Redis connection. */
  redis?: Redis;
  startWorkers?: StartWorkers<TPrisma, TestSubgraphConfig>;
}

export interface QueryLoggingClient {
  $on(event: "query", listener: () => void): void;
  $disconnect(): Promise<void>;
}

/** The two factories every subgraph exports, by the shared subgraph shape. */
export interface SubgraphParts<TPrisma> {
  createPrismaClient(url: string, options: { logQueries?: boolean }): TPrisma;
  createServer(deps: { config: TestSubgraphConfig; prisma: TPrisma; logger: Logger }): Promise<{ app: Express; stop(): Promise<void> }>;
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
  options: ServeOptions<TPrisma> = {},
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
    const config = { ...TEST_SUBGRAPH_CONFIG, ...options.config };
    const logger = createLogger(domain, process.env.TEST_LOG_LEVEL ?? "silent");
    const { app, stop } = await parts.createServer({ config, prisma, logger });
    // Workers poll in the background on a client of their own, so `queries` counts only what requests cost.
    const workerPrisma = options.redis && options.startWorkers ? parts.createPrismaClient(database.url, {}) : null;
    const stopWorkerLoops =
      workerPrisma && options.redis && options.startWorkers
        ? options.startWorkers({ prisma: workerPrisma, redis: options.redis, logger, settings: config.workers, databaseUrl: database.url, config })
        : async () => {};
    const stopWorkers = async () => {
      await stopWorkerLoops();
      await workerPrisma?.$disconnect();
    };
    const running = await runApp(app, async () => {
      await stopWorkers();
      await stop();
      await release();
    });
    return { database, prisma, app: running, queries, close: running.close };
  } catch (error) {
    await release();
    throw error;
  }
}
