import type { Express } from "express";
import Redis from "ioredis";
import { DEFAULT_REDIS_URL, DOMAINS, type Domain } from "../config";
import { createLogger } from "../logging";
import { createGatewayServer } from "../../gateway/src/server";
import { SUPERGRAPH_SDL_PATH } from "../schema-tools";
import { TEST_SIGNING_SECRET } from "./signed-request";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { runApp, type RunningApp } from "./running-app";

export const TEST_TOKEN_SETTINGS = {
  secret: "test-jwt-secret-0123456789abcdef",
  issuer: "shop-users",
  audience: "shop-gateway",
  ttlSeconds: 600,
};

/** What every subgraph module exports, by the shared subgraph shape. */
interface SubgraphModule {
  createServer(deps: { config: Record<string, unknown>; prisma: unknown; logger: unknown }): Promise<{ app: Express; stop(): Promise<void> }>;
}
interface PrismaModule {
  createPrismaClient(url: string, options: { logQueries?: boolean }): QueryLoggingClient;
}
interface QueryLoggingClient {
  $on(event: "query", listener: () => void): void;
  $disconnect(): Promise<void>;
}

export interface RunningSubgraph {
  domain: Domain;
  database: TestDatabase;
  prisma: unknown;
  app: RunningApp;
  /** SQL statements this subgraph has run since the last reset. */
  queries: { count: number };
}

export interface RunningSupergraph {
  gateway: RunningApp;
  subgraphs: Partial<Record<Domain, RunningSubgraph>>;
  redis: Redis;
  resetQueryCounts(): void;
  totalQueries(): number;
  stop(): Promise<void>;
}

async function startSubgraph(domain: Domain): Promise<RunningSubgraph> {
  const database = await createTestDatabase(domain);
  // Subgraph modules are loaded by path so the harness stays generic over the seven of them.
  const { createPrismaClient } = (await import(`../../subgraphs/${domain}/src/repositories/prisma-client`)) as PrismaModule;
  const { createServer } = (await import(`../../subgraphs/${domain}/src/server`)) as SubgraphModule;
  const prisma = createPrismaClient(database.url, { logQueries: true });
  const queries = { count: 0 };
  prisma.$on("query", () => {
    queries.count += 1;
  });
  const { app, stop } = await createServer({
    config: { production: false, gatewaySigningSecret: TEST_SIGNING_SECRET, token: TEST_TOKEN_SETTINGS },
    prisma,
    logger: createLogger(domain, "silent"),
  });
  const running = await runApp(app, async () => {
    await stop();
    await prisma.$disconnect();
    await database.drop();
  });
  return { domain, database, prisma, app: running, queries };
}

/**
 * The whole supergraph in this process, over real HTTP: each subgraph on its own port with its own
 * throwaway database, and the gateway in front of them. `stop` closes everything and drops the databases.
 */
export async function startSupergraph(domains: readonly Domain[] = DOMAINS): Promise<RunningSupergraph> {
  const subgraphs: Partial<Record<Domain, RunningSubgraph>> = {};
  const redis = new Redis(process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL, { maxRetriesPerRequest: 1 });
  const stopAll = async () => {
    await Promise.allSettled(Object.values(subgraphs).map((subgraph) => subgraph.app.close()));
    redis.disconnect();
  };
  try {
    for (const domain of domains) subgraphs[domain] = await startSubgraph(domain);
    const overrides = Object.fromEntries(
      DOMAINS.map((domain) => [domain, subgraphs[domain]?.app.graphqlUrl ?? "http://127.0.0.1:9/graphql"]),
    );
    const { app, stop } = await createGatewayServer({
      config: {
        production: false,
        supergraphPath: SUPERGRAPH_SDL_PATH,
        subgraphUrlOverrides: overrides,
        token: TEST_TOKEN_SETTINGS,
        gatewaySigningSecret: TEST_SIGNING_SECRET,
      },
      redis,
      logger: createLogger("gateway", "silent"),
    });
    const gateway = await runApp(app, stop);
    const all = () => Object.values(subgraphs);
    return {
      gateway,
      subgraphs,
      redis,
      resetQueryCounts: () => all().forEach((subgraph) => (subgraph.queries.count = 0)),
      totalQueries: () => all().reduce((sum, subgraph) => sum + subgraph.queries.count, 0),
      stop: async () => {
        await gateway.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
