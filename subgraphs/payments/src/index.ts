import { createLogger } from "../../../packages/logging";
import { listen, stopOnSignals } from "../../../packages/subgraph-host";
import { loadConfig } from "./config";
import { createPrismaClient } from "./repositories/prisma-client";
import { createServer } from "./server";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger("payments", config.logLevel);
  const prisma = createPrismaClient(config.databaseUrl);
  const { app, stop } = await createServer({ config, prisma, logger });
  const server = await listen(app, config.port);
  logger.info({ port: config.port }, "payments subgraph listening");
  stopOnSignals(server, logger, async () => {
    await stop();
    await prisma.$disconnect();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
