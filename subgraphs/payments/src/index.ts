// First: hooks the libraries whose calls become spans before anything loads them.
import "../../../packages/tracing/register";
import { workersEntry } from "../../../packages/messaging";
import { runSubgraph } from "../../../packages/subgraph-host";
import { loadConfig, type PaymentsConfig } from "./config";
import { createPrismaClient, type PaymentsPrisma } from "./repositories/prisma-client";
import { createServer } from "./server";
import { createPaymentWorkers } from "./workers";

runSubgraph<PaymentsConfig, PaymentsPrisma>({
  loadConfig,
  createPrismaClient,
  createServer,
  startWorkers: (deps) => {
    const { providerTimeoutMs, testProviderLatencyMs } = deps.config;
    return workersEntry<PaymentsPrisma, PaymentsConfig>(createPaymentWorkers({ providerTimeoutMs, testProviderLatencyMs }))(deps);
  },
});
