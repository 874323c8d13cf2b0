import path from "node:path";
import { pingDatabase } from "../../../packages/database";
import type { Logger } from "../../../packages/logging";
import { createSubgraphApp, readSubgraphSchema, type SubgraphApp } from "../../../packages/subgraph-host";
import { contextFactory } from "./context";
import { resolvers } from "./resolvers";
import type { PaymentsPrisma } from "./repositories/prisma-client";
import { createPaymentRepository } from "./repositories/payment-repository";
import type { PaymentsConfig } from "./config";

export const typeDefs = readSubgraphSchema(path.join(__dirname, ".."));
export { resolvers };

export interface PaymentsDeps {
  config: Pick<PaymentsConfig, "production" | "gatewaySigningSecret">;
  prisma: PaymentsPrisma;
  logger: Logger;
}

/** Builds the payments subgraph's HTTP app; the caller decides where it listens. */
export function createServer(deps: PaymentsDeps): Promise<SubgraphApp> {
  return createSubgraphApp({
    service: "payments",
    typeDefs,
    resolvers,
    signingSecret: deps.config.gatewaySigningSecret,
    production: deps.config.production,
    logger: deps.logger,
    checkReady: () => pingDatabase(deps.prisma),
    createContext: contextFactory({ payments: createPaymentRepository(deps.prisma) }),
  });
}
