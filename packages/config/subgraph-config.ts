import { z } from "zod";
import { databaseUrl, DEFAULT_REDIS_URL, DevelopmentSecret, nodeEnv, parseEnv, port, refuseDevelopmentSecrets } from "./env";

/** What every subgraph needs: where it listens, its database, and the secret that proves gateway calls. */
export interface SubgraphConfig {
  service: string;
  production: boolean;
  port: number;
  databaseUrl: string;
  gatewaySigningSecret: string;
  logLevel: string;
  /** Streams of the checkout saga (for the subgraphs that take part in it). */
  redisUrl: string;
}

const baseSchema = z.object({
  NODE_ENV: nodeEnv,
  GATEWAY_SIGNING_SECRET: z.string().min(1).default(DevelopmentSecret.gatewaySigning),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  REDIS_URL: z.string().url().default(DEFAULT_REDIS_URL),
});

export function loadSubgraphConfig(service: string, defaultPort: number, env: NodeJS.ProcessEnv): SubgraphConfig {
  const portVariable = `${service.toUpperCase()}_PORT`;
  const parsed = parseEnv(service, baseSchema, env);
  const listenPort = parseEnv(service, z.object({ [portVariable]: port(defaultPort) }), env)[portVariable] as number;
  const production = parsed.NODE_ENV === "production";
  refuseDevelopmentSecrets(service, production, { GATEWAY_SIGNING_SECRET: parsed.GATEWAY_SIGNING_SECRET });
  return {
    service,
    production,
    port: listenPort,
    databaseUrl: databaseUrl(env, service),
    gatewaySigningSecret: parsed.GATEWAY_SIGNING_SECRET,
    logLevel: parsed.LOG_LEVEL,
    redisUrl: parsed.REDIS_URL,
  };
}
