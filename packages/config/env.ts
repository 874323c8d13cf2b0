import { z } from "zod";

/**
 * Building blocks for each service's config schema. Every service validates its environment once
 * at start with these, so a bad value stops it with a readable message instead of failing later.
 */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const nodeEnv = z.enum(["development", "test", "production"]).default("development");

// The password is that of docker-compose.yml's PostgreSQL (POSTGRES_PASSWORD's default), so `docker compose
// up -d postgres redis` works as it is; servers that trust local connections never ask for it.
export const DEFAULT_POSTGRES_URL = "postgresql://postgres:postgres@127.0.0.1:5432";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** Development defaults for secrets; production refuses to start while any of these is in use. */
export const DevelopmentSecret = {
  jwt: "dev-only-jwt-secret-change-me-0123456789",
  gatewaySigning: "dev-only-gateway-signing-secret-change-me",
  adminPassword: "admin-password",
} as const;

export function databaseUrl(env: NodeJS.ProcessEnv, domain: string): string {
  const own = env[`${domain.toUpperCase()}_DATABASE_URL`];
  if (own) return own;
  const base = (env.POSTGRES_URL ?? DEFAULT_POSTGRES_URL).replace(/\/+$/, "");
  return `${base}/shop_${domain}`;
}

export class ConfigError extends Error {
  constructor(service: string, issues: string[]) {
    super(`${service}: invalid configuration\n  - ${issues.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/** Parses with a schema and names every bad variable at once. */
export function parseEnv<T extends z.ZodType>(service: string, schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      service,
      result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
    );
  }
  return result.data;
}

/** In production a secret left at its development default is a misconfiguration, not a convenience. */
export function refuseDevelopmentSecrets(service: string, production: boolean, secrets: Record<string, string>): void {
  if (!production) return;
  const defaults = new Set<string>(Object.values(DevelopmentSecret));
  const offending = Object.entries(secrets)
    .filter(([, value]) => defaults.has(value) || value.length < 16)
    .map(([name]) => `${name}: a production secret must be set and must not be the development default`);
  if (offending.length > 0) throw new ConfigError(service, offending);
}
