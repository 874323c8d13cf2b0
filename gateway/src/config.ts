import path from "node:path";
import { z } from "zod";
import type { TokenSettings } from "../../packages/auth-token";
import {
  DEFAULT_REDIS_URL,
  DevelopmentSecret,
  nodeEnv,
  parseEnv,
  port,
  refuseDevelopmentSecrets,
} from "../../packages/config";
import { tracingSettingsFromEnv, type TracingSettings } from "../../packages/tracing";
import { asOrigin } from "./cors";
import { edgeConfigFromEnv, type EdgeConfig } from "./edge-config";

export interface GatewayConfig {
  production: boolean;
  port: number;
  supergraphPath: string;
  /** Routing URLs that replace the supergraph's, by subgraph name (e.g. from USERS_URL). */
  subgraphUrlOverrides: Record<string, string>;
  token: Omit<TokenSettings, "ttlSeconds">;
  gatewaySigningSecret: string;
  redisUrl: string;
  logLevel: string;
  /** Rate limits, operation limits, subgraph call policy, trusted proxies, body size. */
  edge: EdgeConfig;
  /** Prometheus `/metrics` listens here, apart from the public port (0: a free port, for tests). */
  metricsPort: number;
  tracing: TracingSettings;
  /** Browser origins allowed to call the gateway (CORS), besides any localhost origin in development. */
  corsOrigins: string[];
}

/** `https://shop.example.com,https://admin.example.com`: origins only (no path), each normalised. */
const corsOrigins = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const origins: string[] = [];
    for (const entry of value.split(",").map((item) => item.trim()).filter(Boolean)) {
      const origin = asOrigin(entry);
      if (origin === null) {
        ctx.addIssue({ code: "custom", message: `"${entry}" is not an origin (http(s)://host[:port], no path)` });
        return z.NEVER;
      }
      origins.push(origin);
    }
    return origins;
  });

const gatewaySchema = z.object({
  NODE_ENV: nodeEnv,
  GATEWAY_PORT: port(4000),
  SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, "../../supergraph.graphql")),
  JWT_SECRET: z.string().min(1).default(DevelopmentSecret.jwt),
  JWT_ISSUER: z.string().min(1).default("shop-users"),
  JWT_AUDIENCE: z.string().min(1).default("shop-gateway"),
  GATEWAY_SIGNING_SECRET: z.string().min(1).default(DevelopmentSecret.gatewaySigning),
  REDIS_URL: z.string().url().default(DEFAULT_REDIS_URL),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  METRICS_PORT: port(9464),
  CORS_ORIGINS: corsOrigins,
});

const SUBGRAPH_URL_VARIABLE = /^([A-Z][A-Z0-9]*)_URL$/;
const NOT_SUBGRAPH_URLS = new Set(["REDIS", "POSTGRES", "DATABASE", "METRICS"]);

function subgraphUrlOverrides(env: NodeJS.ProcessEnv): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = SUBGRAPH_URL_VARIABLE.exec(name);
    if (match?.[1] && value && !NOT_SUBGRAPH_URLS.has(match[1])) overrides[match[1].toLowerCase()] = value;
  }
  return overrides;
}

/** Reads and validates the gateway's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = parseEnv("gateway", gatewaySchema, env);
  const production = parsed.NODE_ENV === "production";
  refuseDevelopmentSecrets("gateway", production, {
    JWT_SECRET: parsed.JWT_SECRET,
    GATEWAY_SIGNING_SECRET: parsed.GATEWAY_SIGNING_SECRET,
  });
  return {
    production,
    port: parsed.GATEWAY_PORT,
    supergraphPath: parsed.SUPERGRAPH_PATH,
    subgraphUrlOverrides: subgraphUrlOverrides(env),
    token: { secret: parsed.JWT_SECRET, issuer: parsed.JWT_ISSUER, audience: parsed.JWT_AUDIENCE },
    gatewaySigningSecret: parsed.GATEWAY_SIGNING_SECRET,
    redisUrl: parsed.REDIS_URL,
    logLevel: parsed.LOG_LEVEL,
    edge: edgeConfigFromEnv(env),
    metricsPort: parsed.METRICS_PORT,
    tracing: tracingSettingsFromEnv(env),
    corsOrigins: parsed.CORS_ORIGINS,
  };
}
