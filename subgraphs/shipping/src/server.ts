import path from "node:path";
import { connectCacheInvalidator } from "../../../packages/cache-versions";
import { pingDatabase } from "../../../packages/database";
import type { Logger } from "../../../packages/logging";
import { createSubgraphApp, readSubgraphSchema, type SubgraphApp } from "../../../packages/subgraph-host";
import type { ShippingConfig } from "./config";
import { contextFactory } from "./context";
import { resolvers } from "./resolvers";
import type { ShippingPrisma } from "./repositories/prisma-client";
import { createShipmentRepository } from "./repositories/shipment-repository";
import { createShipmentProgressService } from "./services/shipment-progress-service";

export const typeDefs = readSubgraphSchema(path.join(__dirname, ".."));
export { resolvers };

export interface ShippingDeps {
  config: Pick<ShippingConfig, "production" | "gatewaySigningSecret" | "redisUrl">;
  prisma: ShippingPrisma;
  logger: Logger;
}

/**
 * Shipping's rates are its code, so a process that starts may bring new ones: it bumps shipping's cache
 * version, and the estimates and quotes kept elsewhere (the gateway's response cache, orders) are read again.
 */
async function announceRates(deps: ShippingDeps): Promise<void> {
  const invalidator = connectCacheInvalidator(deps.config.redisUrl, "shipping", deps.logger);
  await invalidator.changed();
  invalidator.close();
}

/** Builds the shipping subgraph's HTTP app; the caller decides where it listens. */
export async function createServer(deps: ShippingDeps): Promise<SubgraphApp> {
  await announceRates(deps);
  return createSubgraphApp({
    service: "shipping",
    typeDefs,
    resolvers,
    signingSecret: deps.config.gatewaySigningSecret,
    production: deps.config.production,
    logger: deps.logger,
    checkReady: () => pingDatabase(deps.prisma),
    createContext: contextFactory({
      shipments: createShipmentRepository(deps.prisma),
      shipmentProgress: createShipmentProgressService(deps.prisma),
    }),
  });
}
