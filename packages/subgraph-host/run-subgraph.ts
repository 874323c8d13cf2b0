import type { SubgraphConfig } from "../config";
import { createLogger, type Logger } from "../logging";
import { collectProcessMetrics, countDatabaseStatements, type QueryEventSource } from "../metrics";
import { startTracing, tracingSettingsFromEnv } from "../tracing";
import type { SubgraphApp } from "./create-subgraph-app";
import { listen } from "./listen";
import { stopOnSignals } from "./run-service";

interface DisconnectableClient extends QueryEventSource {
  $disconnect(): Promise<void>;
}

/** What a subgraph's src/index.ts hands over: how to configure, connect and build it. */
export interface SubgraphEntryPoint<TConfig extends SubgraphConfig, TPrisma extends DisconnectableClient> {
  loadConfig(): TConfig;
  createPrismaClient(databaseUrl: string, options: { logQueries: boolean }): TPrisma;
  createServer(deps: { config: TConfig; prisma: TPrisma; logger: Logger }): Promise<SubgraphApp>;
  /** Work that must be done before taking traffic (e.g. making sure the admin account exists). */
  beforeListen?(deps: { config: TConfig; prisma: TPrisma }): Promise<void>;
  /** Background workers (stream consumers, outbox relay) that live as long as the process; returns how to stop them. */
  startWorkers?(deps: { config: TConfig; prisma: TPrisma; logger: Logger }): Promise<() => Promise<void>>;
}

/**
 * Runs a subgraph process: config validated once, its Prisma client, its app on its port, and a clean
 * stop on SIGTERM/SIGINT. A start-up failure prints its reason (not a stack trace) and exits non-zero.
 */
export function runSubgraph<TConfig extends SubgraphConfig, TPrisma extends DisconnectableClient>(
  entry: SubgraphEntryPoint<TConfig, TPrisma>,
): void {
  const main = async () => {
    const config = entry.loadConfig();
    const logger = createLogger(config.service, config.logLevel);
    // The standard OTEL_* variables, read here because SubgraphConfig predates tracing.
    const tracing = startTracing(config.service, tracingSettingsFromEnv(process.env));
    collectProcessMetrics();
    // Query events feed db_statements_total: statements per request are visible in production too.
    const prisma = entry.createPrismaClient(config.databaseUrl, { logQueries: true });
    countDatabaseStatements(config.service, prisma);
    await entry.beforeListen?.({ config, prisma });
    const { app, stop } = await entry.createServer({ config, prisma, logger });
    const server = await listen(app, config.port);
    logger.info({ port: config.port }, `${config.service} subgraph listening`);
    const stopWorkers = (await entry.startWorkers?.({ config, prisma, logger })) ?? (async () => {});
    stopOnSignals(server, logger, async () => {
      await stopWorkers();
      await stop();
      await prisma.$disconnect();
      await tracing.shutdown();
    });
  };
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
