import { z } from "zod";
import { DevelopmentSecret, loadSubgraphConfig, parseEnv, refuseDevelopmentSecrets, type SubgraphConfig } from "../../../packages/config";
import type { TokenSettings } from "../../../packages/auth-token";
import { workerSettingsFrom, type WorkerSettings } from "../../../packages/messaging";
import { MESSAGE_TYPES } from "../../../packages/shop-messages";

export interface UsersConfig extends SubgraphConfig {
  token: TokenSettings;
  adminPassword: string;
  workers: WorkerSettings;
}

const usersSchema = z.object({
  JWT_SECRET: z.string().min(1).default(DevelopmentSecret.jwt),
  JWT_ISSUER: z.string().min(1).default("shop-users"),
  JWT_AUDIENCE: z.string().min(1).default("shop-gateway"),
  JWT_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
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
    adminPassword: own.ADMIN_PASSWORD,
    workers: workerSettingsFrom(env, "users", MESSAGE_TYPES),
  };
}
