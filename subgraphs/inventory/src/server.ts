import path from "node:path";
import { connectCacheInvalidator } from "../../../packages/cache-versions";
import { pingDatabase } from "../../../packages/database";
import type { Logger } from "../../../packages/logging";
import { createSubgraphApp, readSubgraphSchema, type SubgraphApp } from "../../../packages/subgraph-host";
import type { InventoryConfig } from "./config";
import { contextFactory } from "./context";
import { resolvers } from "./resolvers";
import type { InventoryPrisma } from "./repositories/prisma-client";
import { createStockRepository } from "./repositories/stock-repository";
import { createRestockService } from "./services/restock-service";

export const typeDefs = readSubgraphSchema(path.join(__dirname, ".."));
export { resolvers };

export interface InventoryDeps {
  config: Pick<InventoryConfig, "production" | "gatewaySigningSecret" | "redisUrl">;
  prisma: InventoryPrisma;
  logger: Logger;
}

/** Builds the inventory subgraph's HTTP app; the caller decides where it listens. */
export async function createServer(deps: InventoryDeps): Promise<SubgraphApp> {
  const stock = createStockRepository(deps.prisma);
  // Stock levels are what the gateway may cache (@cacheControl in schema.graphql); the workers bump too.
  const cacheInvalidator = connectCacheInvalidator(deps.config.redisUrl, "inventory", deps.logger);
  const subgraph = await createSubgraphApp({
    service: "inventory",
    typeDefs,
    resolvers,
    signingSecret: deps.config.gatewaySigningSecret,
    production: deps.config.production,
    logger: deps.logger,
    checkReady: () => pingDatabase(deps.prisma),
    createContext: contextFactory({ stock, restocking: createRestockService(stock, cacheInvalidator.changed) }),
  });
  const stop = async () => {
    await subgraph.stop();
    cacheInvalidator.close();
  };
  return { app: subgraph.app, stop };
}
