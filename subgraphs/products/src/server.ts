import path from "node:path";
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
  config: Pick<ProductsConfig, "production" | "gatewaySigningSecret">;
  prisma: ProductsPrisma;
  logger: Logger;
}

/** Builds the products subgraph's HTTP app; the caller decides where it listens. */
export function createServer(deps: ProductsDeps): Promise<SubgraphApp> {
  const products = createProductRepository(deps.prisma);
  const categories = createCategoryRepository(deps.prisma);
  const catalogue = createCatalogueService(products, categories);
  return createSubgraphApp({
    service: "products",
    typeDefs,
    resolvers,
    signingSecret: deps.config.gatewaySigningSecret,
    production: deps.config.production,
    logger: deps.logger,
    checkReady: () => pingDatabase(deps.prisma),
    createContext: contextFactory({ products, categories, catalogue }),
  });
}
