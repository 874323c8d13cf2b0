import { GraphQLError } from "graphql";
import { HeaderMap } from "@apollo/server";
import { ErrorCode } from "../../../packages/errors";
import { GATEWAY_SERVICE, rateLimitRefusals } from "../metrics";
import type { RateLimitReport } from "./report";

/** How long a client is told to wait when a limit cannot be checked (Redis down) for an operation that fails closed. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 10;

function refusal(message: string, status: number, retryAfterSeconds: number, report?: RateLimitReport): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.RateLimited,
      http: { status, headers: new HeaderMap([["retry-after", String(retryAfterSeconds)], ...(report?.headers() ?? [])]) },
    },
  });
}

/** RATE_LIMITED, HTTP 429, Retry-After and the X-RateLimit-* headers of the report: the whole request is refused. */
export function rateLimited(limit: string, retryAfterMs: number, report: RateLimitReport): GraphQLError {
  rateLimitRefusals.inc({ service: GATEWAY_SERVICE, limit, reason: "exceeded" });
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return refusal(`Too many requests; try again in ${seconds} s`, 429, seconds, report);
}

/**
 * RATE_LIMITED, HTTP 503 and Retry-After: a limit that must hold (logIn, signUp, any limited mutation)
 * could not be checked because Redis is unreachable, so the operation is refused rather than let through.
 */
export function limitUnavailable(limit: string): GraphQLError {
  rateLimitRefusals.inc({ service: GATEWAY_SERVICE, limit, reason: "unavailable" });
  return refusal(
    "This operation is briefly unavailable; try again shortly",
    503,
    UNAVAILABLE_RETRY_AFTER_SECONDS,
  );
}
