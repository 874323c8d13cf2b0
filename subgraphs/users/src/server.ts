import path from "node:path";
import { pingDatabase } from "../../../packages/database";
import type { Logger } from "../../../packages/logging";
import { createSubgraphApp, readSubgraphSchema, type SubgraphApp } from "../../../packages/subgraph-host";
import { contextFactory } from "./context";
import { resolvers } from "./resolvers";
import { createAddressRepository } from "./repositories/address-repository";
import type { UsersPrisma } from "./repositories/prisma-client";
import { createSessionRepository } from "./repositories/session-repository";
import { createUserRepository } from "./repositories/user-repository";
import { createAccountService } from "./services/account-service";
import { createProfileService } from "./services/profile-service";
import { createSessionService } from "./services/session-service";
import { createPasswordHasher } from "./security/passwords";
import { redisTokenRevocations } from "./security/token-revocations";
import type { UsersConfig } from "./config";

export const typeDefs = readSubgraphSchema(path.join(__dirname, ".."));
export { resolvers };

export interface UsersDeps {
  config: Pick<UsersConfig, "production" | "gatewaySigningSecret" | "token" | "sessions" | "redisUrl">;
  prisma: UsersPrisma;
  logger: Logger;
}

/** Builds the users subgraph's HTTP app; the caller decides where it listens. */
export async function createServer(deps: UsersDeps): Promise<SubgraphApp> {
  const { config, prisma, logger } = deps;
  const users = createUserRepository(prisma);
  const addresses = createAddressRepository(prisma);
  const passwords = createPasswordHasher();
  const revocations = redisTokenRevocations(config.redisUrl, config.token.ttlSeconds, logger);
  const sessions = createSessionService({
    sessions: createSessionRepository(prisma),
    users,
    passwords,
    revocations,
    token: config.token,
    settings: config.sessions,
    logger,
  });
  const accounts = createAccountService(users, passwords, sessions);
  const profiles = createProfileService(users, addresses);
  const app = await createSubgraphApp({
    service: "users",
    typeDefs,
    resolvers,
    signingSecret: config.gatewaySigningSecret,
    production: config.production,
    logger,
    checkReady: () => pingDatabase(prisma),
    createContext: contextFactory({ users, addresses, accounts, sessions, profiles }),
  });
  return {
    ...app,
    stop: async () => {
      await app.stop();
      revocations.close();
    },
  };
}
