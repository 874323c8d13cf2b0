import { existsSync } from "node:fs";
import path from "node:path";
import Redis from "ioredis";
import { DEFAULT_REDIS_URL, DOMAINS, type Domain } from "../config";
import { createLogger } from "../logging";
import { createGatewayServer } from "../../gateway/src/server";
import { SUPERGRAPH_SDL_PATH } from "../schema-tools";
import { TEST_SIGNING_SECRET } from "./signed-request";
import { type RunningApp, runApp } from "./running-app";
import { serveSubgraph, TEST_TOKEN_SETTINGS, type QueryLoggingClient, type ServedSubgraph, type TestSubgraphConfig } from "./served-subgraph";

export interface RunningSubgraph extends ServedSubgraph<QueryLoggingClient> {
  domain: Domain;
}

export interface RunningSupergraph {
  gateway: RunningApp;
  subgraphs: Partial<Record<Domain, RunningSubgraph>>;
  redis: Redis;
  resetQueryCounts(): void;
  totalQueries(): number;
  stop(): Promise<void>;
}

async function startSubgraph(domain: Domain, redis: Redis, config: Partial<TestSubgraphConfig>): Promise<RunningSubgraph> {
  // Subgraph modules are loaded by path so the harness stays generic over the seven of them.
  const { createPrismaClient } = await import(`../../subgraphs/${domain}/src/repositories/prisma-client`);
  const { createServer } = await import(`../../subgraphs/${domain}/src/server`);
  const workersModule = path.join(__dirname, "../../subgraphs", domain, "src/workers/index.ts");
  const startWorkers = existsSync(workersModule) ? (await import(`../../subgraphs/${domain}/src/workers`)).startWorkers : undefined;
  const served = await serveSubgraph<QueryLoggingClient>(domain, { createPrismaClient, createServer }, undefined, { config, redis, startWorkers });
  return { domain, ...served };
}

/**
 * Saga streams have fixed names, so each Jest worker gets a Redis database of its own (11, 12, ...):
 * two supergraphs running side by side never read each other's messages.
 */
function testRedisUrl(): string {
  const base = (process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL).replace(/\/\d*$/, "");
  return `${base}/${10 + Number(process.env.JEST_WORKER_ID ?? 1)}`;
}

/**
 * The whole supergraph in this process, over real HTTP: each subgraph on its own port with its own
 * throwaway database, and the gateway in front of them. `stop` closes everything and drops the databases.
 */
export async function startSupergraph(domains: readonly Domain[] = DOMAINS): Promise<RunningSupergraph> {
  const subgraphs: Partial<Record<Domain, RunningSubgraph>> = {};
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  const stopAll = async () => {
    await Promise.allSettled(Object.values(subgraphs).map((subgraph) => subgraph.app.close()));
    redis.disconnect();
  };
  try {
    await redis.flushdb();
    for (const domain of domains) {
      // Orders reads names and prices from products, which starts before it.
      const productsUrl = subgraphs.products?.app.graphqlUrl;
      subgraphs[domain] = await startSubgraph(domain, redis, productsUrl ? { productsUrl } : {});
    }
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
