import { GraphQLError } from "graphql";
import { InvalidTokenError, verifyAccessToken, type TokenSettings } from "../../packages/auth-token";
import type { Caller } from "../../packages/identity";
import type { RateLimitReport } from "./rate-limits";

export interface GatewayContext {
  caller: Caller | null;
  requestId: string;
  /** The client's address: the connection's, or X-Forwarded-For's when the connection is a trusted proxy. */
  clientAddress: string;
  /** The rate limits this request counted against, for the answer's X-RateLimit-* headers. */
  rateLimitReport: RateLimitReport;
}

const BEARER = /^Bearer ([A-Za-z0-9_\-.]+)$/;

/**
 * The caller behind a request: anonymous without an Authorization header; a request whose token
 * does not verify is refused as a whole with HTTP 401, so a client never silently becomes anonymous.
 */
export function authenticate(authorization: string | undefined, token: Omit<TokenSettings, "ttlSeconds">): Caller | null {
  if (authorization === undefined || authorization === "") return null;
  const bearer = BEARER.exec(authorization);
  try {
    if (!bearer?.[1]) throw new InvalidTokenError("not a bearer token");
    return verifyAccessToken(token, bearer[1]);
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    throw new GraphQLError("The access token is invalid or has expired", {
      extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
    });
  }
}
