// First: hooks the libraries whose calls become spans before anything loads them.
import "../../../packages/tracing/register";
import { workersEntry } from "../../../packages/messaging";
import { runSubgraph } from "../../../packages/subgraph-host";
import { loadConfig, type OrdersConfig } from "./config";
import { createPrismaClient, type OrdersPrisma } from "./repositories/prisma-client";
import { createServer } from "./server";
import { startWorkers } from "./workers";

runSubgraph<OrdersConfig, OrdersPrisma>({ loadConfig, createPrismaClient, createServer, startWorkers: workersEntry<OrdersPrisma, OrdersConfig>(startWorkers) });
