// First: hooks the libraries whose calls become spans before anything loads them.
import "../../../packages/tracing/register";
import { workersEntry } from "../../../packages/messaging";
import { runSubgraph } from "../../../packages/subgraph-host";
import { loadConfig, type UsersConfig } from "./config";
import { createPrismaClient, type UsersPrisma } from "./repositories/prisma-client";
import { ensureAdmin } from "./seed";
import { createServer } from "./server";
import { startWorkers } from "./workers";

runSubgraph<UsersConfig, UsersPrisma>({
  loadConfig,
  createPrismaClient,
  createServer,
  // The admin account exists in every environment, with the password from ADMIN_PASSWORD.
  beforeListen: ({ config, prisma }) => ensureAdmin(prisma, config.adminPassword),
  startWorkers: workersEntry(startWorkers),
});
