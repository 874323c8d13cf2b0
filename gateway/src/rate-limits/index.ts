import type Redis from "ioredis";
import type { RateLimitSettings } from "../edge-config";
import { CallerLimit } from "./caller-limit";
import { FieldLimits } from "./field-limits";
import { builtInFieldRules, schemaFieldRules } from "./field-rules";

export { CallerLimit } from "./caller-limit";
export { FieldLimits, type FieldLimitRequest } from "./field-limits";
export { builtInFieldRules, schemaFieldRules, type FieldRateRule } from "./field-rules";
export { RateLimitReport, type RateLimitReading } from "./report";
export { windowSeconds } from "./window";

export interface RateLimits {
  caller: CallerLimit;
  fields: FieldLimits;
}

/** Every limit the gateway enforces: per caller, and per field (its own on logIn and signUp, and the supergraph's @rateLimit). */
export function createRateLimits(redis: Redis, settings: RateLimitSettings, supergraphSdl: string): RateLimits {
  return {
    caller: new CallerLimit(redis, settings),
    fields: new FieldLimits(redis, settings.keyPrefix, [...builtInFieldRules(settings), ...schemaFieldRules(supergraphSdl)]),
  };
}
