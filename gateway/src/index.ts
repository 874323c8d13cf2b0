// First: hooks the libraries whose calls become spans before anything loads them.
import "../../packages/tracing/register";
import type { Server } from "node:http";
import Redis from "ioredis";
import { createLogger } from "../../packages/logging";
import { collectProcessMetrics } from "../../packages/metrics";
import { closeServer, listen, stopOnSignals } from "../../packages/subgraph-host";
import { startTracing } from "../../packages/tracing";
import { loadConfig } from "./config";
import { createGatewayServer } from "./server";

// Redis answers in well under this; a Redis that hangs must not hold requests (rate limits then fall back or refuse).
const REDIS_COMMAND_TIMEOUT_MS = 500;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger("gateway", config.logLevel);
  const tracing = startTracing("gateway", config.tracing);
  collectProcessMetrics();
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // Rate-limit checks of concurrent requests share one round trip.
    enableAutoPipelining: true,
  });
  redis.on("error", (error) => logger.warn({ err: error }, "redis unavailable"));
  const { app, metricsApp, attachSubscriptions, stop } = await createGatewayServer({ config, redis, logger });
  const server = await listen(app, config.port);
  attachSubscriptions(server);
  const metricsServer: Server = await listen(metricsApp, config.metricsPort);
  logger.info({ port: config.port, metricsPort: config.metricsPort }, `gateway listening on http://localhost:${config.port}/graphql`);
  stopOnSignals(server, logger, async () => {
    await closeServer(metricsServer);
    await stop();
    redis.disconnect();
    await tracing.shutdown();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
