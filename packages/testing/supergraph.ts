import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import Redis from "ioredis";
import { DOMAINS, type Domain } from "../config";
import type { EdgeOverrides } from "../../gateway/src/edge-config";
import { SUPERGRAPH_SDL_PATH } from "../schema-tools";
import { startGateway } from "./gateway";
import { startRedisServer } from "./redis-server";
import type { RunningApp } from "./running-app";
import { serveSubgraph, type QueryLoggingClient, type ServedSubgraph, type TestSubgraphConfig } from "./served-subgraph";

export interface RunningSubgraph extends ServedSubgraph<QueryLoggingClient> {
  domain: Domain;
}

export interface RunningSupergraph {
  gateway: RunningApp;
  /** The gateway's Prometheus listener. */
  gatewayMetrics: RunningApp;
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

export interface SupergraphOptions {
  /**
   * The gateway's edge settings. Rate limits are off unless given here (tests share one Redis and one
   * client address); when given, their Redis keys get a prefix of their own.
   */
  edge?: EdgeOverrides;
}

function testEdge(edge: EdgeOverrides = {}): EdgeOverrides {
  const rateLimits = edge.rateLimits
    ? { keyPrefix: `test:rate-limit:${randomBytes(6).toString("hex")}`, ...edge.rateLimits }
    : { enabled: false };
  return { ...edge, rateLimits };
}

/** The domains orders calls itself (products, shipping) start before it. */
function startOrder(domains: readonly Domain[]): Domain[] {
  const first: readonly Domain[] = ["products", "shipping"];
  return [...domains.filter((domain) => first.includes(domain)), ...domains.filter((domain) => !first.includes(domain))];
}

/**
 * The whole supergraph in this process, over real HTTP: each subgraph on its own port with its own
 * throwaway database, and the gateway in front of them. `stop` closes everything and drops the databases.
 */
export async function startSupergraph(domains: readonly Domain[] = DOMAINS, options: SupergraphOptions = {}): Promise<RunningSupergraph> {
  const subgraphs: Partial<Record<Domain, RunningSubgraph>> = {};
  // Saga streams have fixed names: each supergraph gets a Redis server of its own, so two of them
  // running side by side (Jest workers, or two test runs on one machine) never read each other's messages.
  const redisServer = await startRedisServer();
  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  const stopAll = async () => {
    await Promise.allSettled(Object.values(subgraphs).map((subgraph) => subgraph.app.close()));
    redis.disconnect();
    await redisServer.stop();
  };
  try {
    for (const domain of startOrder(domains)) {
      // Orders reads names and prices from products and shipping costs from shipping, which start before it.
      const productsUrl = subgraphs.products?.app.graphqlUrl;
      const shippingUrl = subgraphs.shipping?.app.graphqlUrl;
      subgraphs[domain] = await startSubgraph(domain, redis, { redisUrl: redisServer.url, ...(productsUrl ? { productsUrl } : {}), ...(shippingUrl ? { shippingUrl } : {}) });
    }
    const overrides = Object.fromEntries(
      DOMAINS.map((domain) => [domain, subgraphs[domain]?.app.graphqlUrl ?? "http://127.0.0.1:9/graphql"]),
    );
    const running = await startGateway({ supergraphPath: SUPERGRAPH_SDL_PATH, subgraphUrlOverrides: overrides, redis, edge: testEdge(options.edge) });
    const all = () => Object.values(subgraphs);
    return {
      gateway: running.gateway,
      gatewayMetrics: running.metrics,
      subgraphs,
      redis,
      resetQueryCounts: () => all().forEach((subgraph) => (subgraph.queries.count = 0)),
      totalQueries: () => all().reduce((sum, subgraph) => sum + subgraph.queries.count, 0),
      stop: async () => {
        await running.stop();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
