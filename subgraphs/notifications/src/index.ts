// First: hooks the libraries whose calls become spans before anything loads them.
import "../../../packages/tracing/register";
import { workersEntry } from "../../../packages/messaging";
import { runSubgraph } from "../../../packages/subgraph-host";
import { loadConfig, type NotificationsConfig } from "./config";
import { createPrismaClient, type NotificationsPrisma } from "./repositories/prisma-client";
import { createServer } from "./server";
import { startWorkers } from "./workers";

runSubgraph<NotificationsConfig, NotificationsPrisma>({ loadConfig, createPrismaClient, createServer, startWorkers: workersEntry(startWorkers) });
