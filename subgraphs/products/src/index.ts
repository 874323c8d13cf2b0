// First: hooks the libraries whose calls become spans before anything loads them.
import "../../../packages/tracing/register";
import { runSubgraph } from "../../../packages/subgraph-host";
import { loadConfig } from "./config";
import { createPrismaClient } from "./repositories/prisma-client";
import { createServer } from "./server";

runSubgraph({ loadConfig, createPrismaClient, createServer });
