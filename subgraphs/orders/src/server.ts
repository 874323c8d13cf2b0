import path from "node:path";
import { connectVersionReader, VersionedMemo } from "../../../packages/cache-versions";
import { pingDatabase } from "../../../packages/database";
import type { Logger } from "../../../packages/logging";
import { createSubgraphApp, readSubgraphSchema, type SubgraphApp } from "../../../packages/subgraph-host";
import { contextFactory } from "./context";
import { resolvers } from "./resolvers";
import type { OrdersPrisma } from "./repositories/prisma-client";
import { createOrderRepository } from "./repositories/order-repository";
import { subgraphClient } from "../../../packages/subgraph-client";
import { productCatalogClient, type ProductSnapshot } from "./clients/product-catalog";
import { shippingQuotesClient, type ShippingQuote } from "./clients/shipping-quotes";
import { createCartCheckout } from "./services/cart-checkout";
import { createCartService } from "./services/cart-service";
import { createCheckoutService } from "./services/checkout-service";
import type { OrdersConfig } from "./config";

export const typeDefs = readSubgraphSchema(path.join(__dirname, ".."));
export { resolvers };

/** Product snapshots and shipping quotes kept per owner at most (a catalogue's worth; dropped whole beyond it). */
const KEPT_PER_OWNER = 10_000;

export interface OrdersDeps {
  config: Pick<OrdersConfig, "production" | "gatewaySigningSecret" | "productsUrl" | "shippingUrl" | "saga" | "guestCarts" | "redisUrl"> &
    Partial<Pick<OrdersConfig, "keepOwnerAnswers">>;
  prisma: OrdersPrisma;
  logger: Logger;
}

/** Builds the orders subgraph's HTTP app; the caller decides where it listens. */
export async function createServer(deps: OrdersDeps): Promise<SubgraphApp> {
  const orders = createOrderRepository(deps.prisma);
  // Orders' own calls to the subgraphs that own prices and shipping rates: signed, traced, retried, behind breakers.
  const callTo = (target: string, url: string) => subgraphClient({ caller: "orders", target, url, signingSecret: deps.config.gatewaySigningSecret });
  const productsCalls = callTo("products", deps.config.productsUrl);
  const shippingCalls = callTo("shipping", deps.config.shippingUrl);
  // Products and quotes already read are kept until their owner announces a change (packages/cache-versions).
  const versions = connectVersionReader(deps.config.redisUrl, deps.logger);
  const keep = deps.config.keepOwnerAnswers ?? true;
  const catalog = productCatalogClient(productsCalls, keep ? new VersionedMemo<ProductSnapshot>(versions, "products", KEPT_PER_OWNER) : undefined);
  const shipping = shippingQuotesClient(shippingCalls, keep ? new VersionedMemo<ShippingQuote>(versions, "shipping", KEPT_PER_OWNER) : undefined);
  const checkout = createCheckoutService({ prisma: deps.prisma, catalog, shipping, timing: deps.config.saga });
  const carts = createCartService({ prisma: deps.prisma, catalog, shipping, guestCartTtlMs: deps.config.guestCarts.ttlMs });
  const cartCheckout = createCartCheckout({ prisma: deps.prisma, carts, checkout });
  const app = await createSubgraphApp({
    service: "orders",
    typeDefs,
    resolvers,
    signingSecret: deps.config.gatewaySigningSecret,
    production: deps.config.production,
    logger: deps.logger,
    checkReady: () => pingDatabase(deps.prisma),
    createContext: contextFactory({ orders, catalog, checkout, carts, cartCheckout }),
  });
  return {
    ...app,
    stop: async () => {
      productsCalls.shutdown();
      shippingCalls.shutdown();
      versions.disconnect();
      await app.stop();
    },
  };
}
