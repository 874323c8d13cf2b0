import { z } from "zod";
import { DevelopmentSecret, loadSubgraphConfig, parseEnv, refuseDevelopmentSecrets, type SubgraphConfig } from "../../../packages/config";
import type { TokenSettings } from "../../../packages/auth-token";
import { workerSettingsFrom, type WorkerSettings } from "../../../packages/messaging";
import { MESSAGE_TYPES } from "../../../packages/shop-messages";
import type { SessionSettings } from "./domain/sessions";

export interface UsersConfig extends SubgraphConfig {
  /** Access tokens: short-lived JWTs (JWT_TTL_SECONDS, 15 minutes by default). */
  token: TokenSettings;
  /** Sessions: how long a log-in stays refreshable. */
  sessions: SessionSettings;
  adminPassword: string;
  workers: WorkerSettings;
}

const usersSchema = z.object({
  JWT_SECRET: z.string().min(1).default(DevelopmentSecret.jwt),
  JWT_ISSUER: z.string().min(1).default("shop-users"),
  JWT_AUDIENCE: z.string().min(1).default("shop-gateway"),
  JWT_TTL_SECONDS: z.coerce.number().int().positive().default(15 * 60),
  SESSION_TTL_SECONDS: z.coerce.number().int().positive().default(30 * 24 * 60 * 60),
  ADMIN_PASSWORD: z.string().min(8).default(DevelopmentSecret.adminPassword),
});

/** Reads and validates the users subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): UsersConfig {
  const base = loadSubgraphConfig("users", 4001, env);
  const own = parseEnv("users", usersSchema, env);
  refuseDevelopmentSecrets("users", base.production, { JWT_SECRET: own.JWT_SECRET, ADMIN_PASSWORD: own.ADMIN_PASSWORD });
  return {
    ...base,
    token: { secret: own.JWT_SECRET, issuer: own.JWT_ISSUER, audience: own.JWT_AUDIENCE, ttlSeconds: own.JWT_TTL_SECONDS },
    sessions: { ttlSeconds: own.SESSION_TTL_SECONDS },
    adminPassword: own.ADMIN_PASSWORD,
    workers: workerSettingsFrom(env, "users", MESSAGE_TYPES),
  };
}
