import type Redis from "ioredis";
import { createGatewayServer } from "../../gateway/src/server";
import type { EdgeOverrides } from "../../gateway/src/edge-config";
import { createLogger, type Logger } from "../logging";
import { runApp, type RunningApp } from "./running-app";
import { TEST_SIGNING_SECRET } from "./signed-request";
import { TEST_TOKEN_SETTINGS } from "./served-subgraph";

export interface TestGatewayOptions {
  supergraphPath: string;
  subgraphUrlOverrides: Record<string, string>;
  redis: Redis;
  edge?: EdgeOverrides;
  production?: boolean;
  /** Browser origins allowed by CORS (CORS_ORIGINS). */
  corsOrigins?: string[];
  logger?: Logger;
}

export interface RunningGateway {
  gateway: RunningApp;
  /** The gateway's Prometheus listener. */
  metrics: RunningApp;
  stop(): Promise<void>;
}

/** A gateway over real HTTP on free loopback ports, signing with the test secrets. */
export async function startGateway(options: TestGatewayOptions): Promise<RunningGateway> {
  const { app, metricsApp, attachSubscriptions, stop } = await createGatewayServer({
    config: {
      production: options.production ?? false,
      supergraphPath: options.supergraphPath,
      subgraphUrlOverrides: options.subgraphUrlOverrides,
      token: TEST_TOKEN_SETTINGS,
      gatewaySigningSecret: TEST_SIGNING_SECRET,
      ...(options.edge ? { edge: options.edge } : {}),
      ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    },
    redis: options.redis,
    logger: options.logger ?? createLogger("gateway", "silent"),
  });
  const metrics = await runApp(metricsApp);
  const gateway = await runApp(app, stop, attachSubscriptions);
  return {
    gateway,
    metrics,
    stop: async () => {
      await gateway.close();
      await metrics.close();
    },
  };
}
