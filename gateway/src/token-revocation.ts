import { GraphQLError } from "graphql";
import { HeaderMap } from "@apollo/server";
import type Redis from "ioredis";
import { isRevoked, notBeforeKey, revokedSessionKey, type VerifiedAccessToken } from "../../packages/auth-token";
import { ErrorCode } from "../../packages/errors";

/** Whether a verified access token was revoked before it expired (its session ended, or its password changed). */
export interface TokenRevocationCheck {
  isRevoked(token: VerifiedAccessToken): Promise<boolean>;
}

/** How long a client is told to wait when tokens cannot be checked. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * SERVICE_UNAVAILABLE, HTTP 503: Redis, which holds the revocations the users subgraph wrote, did not
 * answer. The request is refused rather than let in, since the token may have been revoked (fail closed).
 */
export function revocationCheckUnavailable(): GraphQLError {
  return new GraphQLError("Sign-in cannot be checked right now; try again shortly", {
    extensions: {
      code: ErrorCode.ServiceUnavailable,
      http: { status: 503, headers: new HeaderMap([["retry-after", String(UNAVAILABLE_RETRY_AFTER_SECONDS)]]) },
    },
  });
}

/** One MGET per authenticated request: the session's mark and the user's not-before. */
export function redisRevocationCheck(redis: Redis): TokenRevocationCheck {
  return {
    async isRevoked(token) {
      let marks: Array<string | null>;
      try {
        marks = await redis.mget(revokedSessionKey(token.sessionId), notBeforeKey(token.caller.userId));
      } catch {
        // The connection's error is logged where the client is made; the caller gets a plain 503.
        throw revocationCheckUnavailable();
      }
      return isRevoked({ revokedSession: marks[0] ?? null, notBeforeSeconds: marks[1] ?? null }, token.issuedAtSeconds);
    },
  };
}
