import path from "node:path";
import { connectCacheInvalidator } from "../../../packages/cache-versions";
import { pingDatabase } from "../../../packages/database";
import type { Logger } from "../../../packages/logging";
import { createSubgraphApp, readSubgraphSchema, type SubgraphApp } from "../../../packages/subgraph-host";
import type { ProductsConfig } from "./config";
import { contextFactory } from "./context";
import { createCategoryRepository } from "./repositories/category-repository";
import type { ProductsPrisma } from "./repositories/prisma-client";
import { createProductRepository } from "./repositories/product-repository";
import { resolvers } from "./resolvers";
import { createCatalogueService } from "./services/catalogue-service";

export const typeDefs = readSubgraphSchema(path.join(__dirname, ".."));
export { resolvers };

export interface ProductsDeps {
  config: Pick<ProductsConfig, "production" | "gatewaySigningSecret" | "redisUrl">;
  prisma: ProductsPrisma;
  logger: Logger;
}

/** Builds the products subgraph's HTTP app; the caller decides where it listens. */
export async function createServer(deps: ProductsDeps): Promise<SubgraphApp> {
  const products = createProductRepository(deps.prisma);
  const categories = createCategoryRepository(deps.prisma);
  // Products, prices and categories are what the gateway may cache (@cacheControl in schema.graphql).
  const cacheInvalidator = connectCacheInvalidator(deps.config.redisUrl, "products", deps.logger);
  const catalogue = createCatalogueService(products, categories, cacheInvalidator.changed);
  const subgraph = await createSubgraphApp({
    service: "products",
    typeDefs,
    resolvers,
    signingSecret: deps.config.gatewaySigningSecret,
    production: deps.config.production,
    logger: deps.logger,
    checkReady: () => pingDatabase(deps.prisma),
    createContext: contextFactory({ products, categories, catalogue }),
  });
  const stop = async () => {
    await subgraph.stop();
    cacheInvalidator.close();
  };
  return { app: subgraph.app, stop };
}
