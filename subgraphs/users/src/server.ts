import path from "node:path";
import { pingDatabase } from "../../../packages/database";
import type { Logger } from "../../../packages/logging";
import { createSubgraphApp, readSubgraphSchema, type SubgraphApp } from "../../../packages/subgraph-host";
import { contextFactory } from "./context";
import { resolvers } from "./resolvers";
import type { UsersPrisma } from "./repositories/prisma-client";
import { createUserRepository } from "./repositories/user-repository";
import { createAccountService } from "./services/account-service";
import { createPasswordHasher } from "./security/passwords";
import type { UsersConfig } from "./config";

export const typeDefs = readSubgraphSchema(path.join(__dirname, ".."));
export { resolvers };

export interface UsersDeps {
  config: Pick<UsersConfig, "production" | "gatewaySigningSecret" | "token">;
  prisma: UsersPrisma;
  logger: Logger;
}

/** Builds the users subgraph's HTTP app; the caller decides where it listens. */
export function createServer(deps: UsersDeps): Promise<SubgraphApp> {
  const users = createUserRepository(deps.prisma);
  const accounts = createAccountService(users, createPasswordHasher(), deps.config.token);
  return createSubgraphApp({
    service: "users",
    typeDefs,
    resolvers,
    signingSecret: deps.config.gatewaySigningSecret,
    production: deps.config.production,
    logger: deps.logger,
    checkReady: () => pingDatabase(deps.prisma),
    createContext: contextFactory({ users, accounts }),
  });
}
