import path from "node:path";
import { pingDatabase } from "../../../packages/database";
import type { Logger } from "../../../packages/logging";
import { createSubgraphApp, readSubgraphSchema, type SubgraphApp } from "../../../packages/subgraph-host";
import { contextFactory } from "./context";
import { resolvers } from "./resolvers";
import type { NotificationsPrisma } from "./repositories/prisma-client";
import { createNotificationRepository } from "./repositories/notification-repository";
import type { NotificationsConfig } from "./config";

export const typeDefs = readSubgraphSchema(path.join(__dirname, ".."));
export { resolvers };

export interface NotificationsDeps {
  config: Pick<NotificationsConfig, "production" | "gatewaySigningSecret">;
  prisma: NotificationsPrisma;
  logger: Logger;
}

/** Builds the notifications subgraph's HTTP app; the caller decides where it listens. */
export function createServer(deps: NotificationsDeps): Promise<SubgraphApp> {
  return createSubgraphApp({
    service: "notifications",
    typeDefs,
    resolvers,
    signingSecret: deps.config.gatewaySigningSecret,
    production: deps.config.production,
    logger: deps.logger,
    checkReady: () => pingDatabase(deps.prisma),
    createContext: contextFactory({ notifications: createNotificationRepository(deps.prisma) }),
  });
}
