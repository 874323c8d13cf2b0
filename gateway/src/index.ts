import Redis from "ioredis";
import { createLogger } from "../../packages/logging";
import { listen, stopOnSignals } from "../../packages/subgraph-host";
import { loadConfig } from "./config";
import { createGatewayServer } from "./server";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger("gateway", config.logLevel);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on("error", (error) => logger.warn({ err: error }, "redis unavailable"));
  const { app, stop } = await createGatewayServer({ config, redis, logger });
  const server = await listen(app, config.port);
  logger.info({ port: config.port }, `gateway listening on http://localhost:${config.port}/graphql`);
  stopOnSignals(server, logger, async () => {
    await stop();
    redis.disconnect();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
