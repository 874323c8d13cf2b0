import path from "node:path";
import { z } from "zod";
import { parseEnv } from "../../packages/config";

/** Refused with QUERY_TOO_COMPLEX before any planning; see operation-limits/. */
export interface OperationLimits {
  enabled: boolean;
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxDirectives: number;
  maxTokens: number;
  /** Static cost: every field 1, multiplied by `first` (given or defaulted) of each list above it. */
  maxCost: number;
}

/** Redis-backed limits shared by every gateway replica, all over 60-second windows; see rate-limits/. */
export interface RateLimitSettings {
  enabled: boolean;
  /** Prefix of every Redis key; replicas that share limits share the prefix. */
  keyPrefix: string;
  customerPerMinute: number;
  adminPerMinute: number;
  /** Per client address. */
  anonymousPerMinute: number;
  /** Per client address and email, every occurrence of logIn in a request counted. */
  logInPerMinute: number;
  /** Per client address. */
  signUpPerMinute: number;
  /** Per client address: refreshToken rotates a session's refresh token. */
  refreshTokenPerMinute: number;
  /** Per signed-in user: changePassword checks the current password. */
  changePasswordPerMinute: number;
}

export interface SubgraphCallSettings {
  /** `keep-alive`: pooled keep-alive connections; `default`: @apollo/gateway's own client (for comparison). */
  httpClient: "keep-alive" | "default";
  timeoutMs: number;
  /** Per-subgraph timeouts that replace timeoutMs, by subgraph name. */
  timeoutOverridesMs: Record<string, number>;
  /** Extra attempts for queries after a connection failure or a 502/503/504; mutations are never retried. */
  retries: number;
  /** The breaker opens when at least this share of calls failed in the last 10 s... */
  breakerErrorPercent: number;
  /** ...and at least this many calls were made in that time. */
  breakerMinimumCalls: number;
  /** How long an open breaker refuses calls before it lets one through to try. */
  breakerResetMs: number;
  /** While a breaker is open, how often the subgraph is asked whether it answers again (the first yes closes it). */
  breakerProbeMs: number;
  /** Entity fetches send each distinct representation once (not once per occurrence) and fan the answer back out. */
  dedupeRepresentations: boolean;
}

/** `off`: no manifest; `allow`: manifest operations by hash, and any other document; `require`: manifest operations only. */
export type PersistedOperationsMode = "off" | "allow" | "require";

/** Persisted operations and automatic persisted queries; see persisted-operations/. */
export interface PersistedOperationSettings {
  mode: PersistedOperationsMode;
  /** Apollo's persisted query manifest, written by `npm run codegen`. */
  manifestPath: string;
  /** Automatic persisted queries: a client registers any document once (text and hash), then sends the hash. */
  apqEnabled: boolean;
  /** Prefix of the Redis keys of registered documents; replicas that share registrations share it. */
  apqKeyPrefix: string;
  apqTtlSeconds: number;
  /** Larger documents are never registered (their clients keep sending the text). */
  apqMaxDocumentBytes: number;
}

/** Live updates over graphql-ws on /graphql; see subscriptions/. */
export interface SubscriptionSettings {
  enabled: boolean;
  /** Open connections one user may hold on one replica; one more is closed with 4429. */
  maxConnectionsPerUser: number;
  /** Subscriptions one connection may hold at once; one more is refused with BAD_USER_INPUT. */
  maxSubscriptionsPerConnection: number;
}

/** Whole answers of public queries kept in Redis; see response-cache/. */
export interface ResponseCacheSettings {
  enabled: boolean;
  /** Prefix of the Redis keys of stored answers; replicas that share answers share it. */
  keyPrefix: string;
}

export interface EdgeConfig {
  operationLimits: OperationLimits;
  persistedOperations: PersistedOperationSettings;
  rateLimits: RateLimitSettings;
  responseCache: ResponseCacheSettings;
  subgraphCalls: SubgraphCallSettings;
  subscriptions: SubscriptionSettings;
  /** Proxies whose X-Forwarded-For is believed (Express `trust proxy` values: loopback, a CIDR, an address). */
  trustedProxies: string[];
  maxBodyBytes: number;
}

/** Some sections of the edge configuration, each partly given; the rest keeps its defaults. */
export interface EdgeOverrides {
  operationLimits?: Partial<OperationLimits>;
  persistedOperations?: Partial<PersistedOperationSettings>;
  rateLimits?: Partial<RateLimitSettings>;
  responseCache?: Partial<ResponseCacheSettings>;
  subgraphCalls?: Partial<SubgraphCallSettings>;
  subscriptions?: Partial<SubscriptionSettings>;
  trustedProxies?: string[];
  maxBodyBytes?: number;
}

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const flag = (fallback: boolean) => z.enum(["true", "false"]).default(fallback ? "true" : "false").transform((value) => value === "true");
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean));

/** `orders=8000,payments=10000` */
const timeoutOverrides = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const overrides: Record<string, number> = {};
    for (const entry of value.split(",").map((item) => item.trim()).filter(Boolean)) {
      const match = /^([a-z][a-z0-9_-]*)=(\d+)$/.exec(entry);
      if (!match) {
        ctx.addIssue({ code: "custom", message: `"${entry}" is not <subgraph>=<milliseconds>` });
        return z.NEVER;
      }
      overrides[match[1]!] = Number(match[2]);
    }
    return overrides;
  });

const edgeSchema = z.object({
  OPERATION_LIMITS_ENABLED: flag(true),
  OPERATION_MAX_DEPTH: count(10),
  OPERATION_MAX_ALIASES: count(20),
  OPERATION_MAX_ROOT_FIELDS: count(15),
  OPERATION_MAX_DIRECTIVES: count(30),
  OPERATION_MAX_TOKENS: count(2000),
  OPERATION_MAX_COST: count(5000),
  MAX_BODY_BYTES: count(1024 * 1024),
  PERSISTED_OPERATIONS: z.enum(["off", "allow", "require"]).default("allow"),
  PERSISTED_OPERATIONS_MANIFEST: z.string().min(1).default(path.resolve(__dirname, "../../operations/generated/persisted-operations.json")),
  APQ_ENABLED: flag(true),
  APQ_KEY_PREFIX: z.string().min(1).default("shop:apq"),
  APQ_TTL_SECONDS: count(3600),
  APQ_MAX_DOCUMENT_BYTES: count(16 * 1024),
  RATE_LIMITS_ENABLED: flag(true),
  RATE_LIMIT_KEY_PREFIX: z.string().min(1).default("shop:rate-limit"),
  RATE_LIMIT_CUSTOMER_PER_MINUTE: count(100),
  RATE_LIMIT_ADMIN_PER_MINUTE: count(1000),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: count(60),
  RATE_LIMIT_LOGIN_PER_MINUTE: count(10),
  RATE_LIMIT_SIGNUP_PER_MINUTE: count(10),
  RATE_LIMIT_REFRESH_TOKEN_PER_MINUTE: count(30),
  RATE_LIMIT_CHANGE_PASSWORD_PER_MINUTE: count(5),
  RESPONSE_CACHE_ENABLED: flag(true),
  RESPONSE_CACHE_KEY_PREFIX: z.string().min(1).default("shop:response-cache:"),
  TRUSTED_PROXIES: list("loopback"),
  SUBGRAPH_HTTP_CLIENT: z.enum(["keep-alive", "default"]).default("keep-alive"),
  SUBGRAPH_TIMEOUT_MS: count(5000),
  SUBGRAPH_TIMEOUTS_MS: timeoutOverrides,
  SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  SUBGRAPH_BREAKER_ERROR_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  SUBGRAPH_BREAKER_MINIMUM_CALLS: count(10),
  SUBGRAPH_BREAKER_RESET_MS: count(10_000),
  SUBGRAPH_BREAKER_PROBE_MS: z.coerce.number().int().min(50).max(60_000).default(250),
  SUBGRAPH_DEDUPE_REPRESENTATIONS: flag(true),
  SUBSCRIPTIONS_ENABLED: flag(true),
  SUBSCRIPTION_MAX_CONNECTIONS_PER_USER: count(10),
  SUBSCRIPTION_MAX_PER_CONNECTION: count(20),
});

/** The gateway's edge policies from the environment, validated; every variable has a default. */
export function edgeConfigFromEnv(env: NodeJS.ProcessEnv): EdgeConfig {
  const parsed = parseEnv("gateway", edgeSchema, env);
  return {
    operationLimits: {
      enabled: parsed.OPERATION_LIMITS_ENABLED,
      maxDepth: parsed.OPERATION_MAX_DEPTH,
      maxAliases: parsed.OPERATION_MAX_ALIASES,
      maxRootFields: parsed.OPERATION_MAX_ROOT_FIELDS,
      maxDirectives: parsed.OPERATION_MAX_DIRECTIVES,
      maxTokens: parsed.OPERATION_MAX_TOKENS,
      maxCost: parsed.OPERATION_MAX_COST,
    },
    persistedOperations: {
      mode: parsed.PERSISTED_OPERATIONS,
      manifestPath: parsed.PERSISTED_OPERATIONS_MANIFEST,
      apqEnabled: parsed.APQ_ENABLED,
      apqKeyPrefix: parsed.APQ_KEY_PREFIX,
      apqTtlSeconds: parsed.APQ_TTL_SECONDS,
      apqMaxDocumentBytes: parsed.APQ_MAX_DOCUMENT_BYTES,
    },
    rateLimits: {
      enabled: parsed.RATE_LIMITS_ENABLED,
      keyPrefix: parsed.RATE_LIMIT_KEY_PREFIX,
      customerPerMinute: parsed.RATE_LIMIT_CUSTOMER_PER_MINUTE,
      adminPerMinute: parsed.RATE_LIMIT_ADMIN_PER_MINUTE,
      anonymousPerMinute: parsed.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      logInPerMinute: parsed.RATE_LIMIT_LOGIN_PER_MINUTE,
      signUpPerMinute: parsed.RATE_LIMIT_SIGNUP_PER_MINUTE,
      refreshTokenPerMinute: parsed.RATE_LIMIT_REFRESH_TOKEN_PER_MINUTE,
      changePasswordPerMinute: parsed.RATE_LIMIT_CHANGE_PASSWORD_PER_MINUTE,
    },
    responseCache: {
      enabled: parsed.RESPONSE_CACHE_ENABLED,
      keyPrefix: parsed.RESPONSE_CACHE_KEY_PREFIX,
    },
    subgraphCalls: {
      httpClient: parsed.SUBGRAPH_HTTP_CLIENT,
      timeoutMs: parsed.SUBGRAPH_TIMEOUT_MS,
      timeoutOverridesMs: parsed.SUBGRAPH_TIMEOUTS_MS,
      retries: parsed.SUBGRAPH_RETRIES,
      breakerErrorPercent: parsed.SUBGRAPH_BREAKER_ERROR_PERCENT,
      breakerMinimumCalls: parsed.SUBGRAPH_BREAKER_MINIMUM_CALLS,
      breakerResetMs: parsed.SUBGRAPH_BREAKER_RESET_MS,
      breakerProbeMs: parsed.SUBGRAPH_BREAKER_PROBE_MS,
      dedupeRepresentations: parsed.SUBGRAPH_DEDUPE_REPRESENTATIONS,
    },
    subscriptions: {
      enabled: parsed.SUBSCRIPTIONS_ENABLED,
      maxConnectionsPerUser: parsed.SUBSCRIPTION_MAX_CONNECTIONS_PER_USER,
      maxSubscriptionsPerConnection: parsed.SUBSCRIPTION_MAX_PER_CONNECTION,
    },
    trustedProxies: parsed.TRUSTED_PROXIES,
    maxBodyBytes: parsed.MAX_BODY_BYTES,
  };
}

export const DEFAULT_EDGE_CONFIG: EdgeConfig = edgeConfigFromEnv({});

/** The defaults with some settings replaced, section by section. */
export function withEdgeOverrides(overrides: EdgeOverrides = {}, base: EdgeConfig = DEFAULT_EDGE_CONFIG): EdgeConfig {
  return {
    operationLimits: { ...base.operationLimits, ...overrides.operationLimits },
    persistedOperations: { ...base.persistedOperations, ...overrides.persistedOperations },
    rateLimits: { ...base.rateLimits, ...overrides.rateLimits },
    responseCache: { ...base.responseCache, ...overrides.responseCache },
    subgraphCalls: { ...base.subgraphCalls, ...overrides.subgraphCalls },
    subscriptions: { ...base.subscriptions, ...overrides.subscriptions },
    trustedProxies: overrides.trustedProxies ?? base.trustedProxies,
    maxBodyBytes: overrides.maxBodyBytes ?? base.maxBodyBytes,
  };
}
