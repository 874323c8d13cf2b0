import { GraphQLError } from "graphql";
import { InvalidTokenError, verifyAccessToken, type TokenSettings, type VerifiedAccessToken } from "../../packages/auth-token";
import type { Caller } from "../../packages/identity";
import type { RateLimitReport } from "./rate-limits";
import type { TokenRevocationCheck } from "./token-revocation";

export interface GatewayContext {
  caller: Caller | null;
  requestId: string;
  /** The client's address: the connection's, or X-Forwarded-For's when the connection is a trusted proxy. */
  clientAddress: string;
  /** The rate limits this request counted against, for the answer's X-RateLimit-* headers. */
  rateLimitReport: RateLimitReport;
}

const BEARER = /^Bearer ([A-Za-z0-9_\-.]+)$/;

/** One answer for every refusal, so a client cannot tell which check failed. */
function unauthenticated(): GraphQLError {
  return new GraphQLError("The access token is invalid or has expired", {
    extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
  });
}

function verifiedBearer(authorization: string, token: Omit<TokenSettings, "ttlSeconds">): VerifiedAccessToken {
  const bearer = BEARER.exec(authorization);
  try {
    if (!bearer?.[1]) throw new InvalidTokenError("not a bearer token");
    return verifyAccessToken(token, bearer[1]);
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    throw unauthenticated();
  }
}

/**
 * The caller behind a request (HTTP, and the subscription server's connection parameters): anonymous
 * without an Authorization header; a token that does not verify, or that was revoked (logOut, a reused
 * refresh token, a password change), refuses the request as a whole with HTTP 401, so a client never
 * silently becomes anonymous. Revocations cost one Redis round trip; without Redis the request is refused (503).
 */
export async function authenticate(
  authorization: string | undefined,
  token: Omit<TokenSettings, "ttlSeconds">,
  revocations: TokenRevocationCheck,
): Promise<Caller | null> {
  if (authorization === undefined || authorization === "") return null;
  const verified = verifiedBearer(authorization, token);
  if (await revocations.isRevoked(verified)) throw unauthenticated();
  return verified.caller;
}
