import jwt from "jsonwebtoken";
import { isRole, type Caller } from "../identity";

/**
 * Access tokens issued by the users subgraph and verified by the gateway. The algorithm is pinned
 * on both sides, so a token claiming `alg: none` or another algorithm is refused.
 */
export const TOKEN_ALGORITHM = "HS256" as const;

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export function issueAccessToken(settings: TokenSettings, caller: Caller): string {
  return jwt.sign({ role: caller.role }, settings.secret, {
    algorithm: TOKEN_ALGORITHM,
    subject: caller.userId,
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn: settings.ttlSeconds,
  });
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(`invalid access token: ${reason}`);
    this.name = "InvalidTokenError";
  }
}

export function verifyAccessToken(settings: Omit<TokenSettings, "ttlSeconds">, token: string): Caller {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, settings.secret, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
    });
  } catch (error) {
    throw new InvalidTokenError(error instanceof Error ? error.message : "unreadable");
  }
  if (typeof payload === "string" || typeof payload.sub !== "string" || !isRole(payload.role)) {
    throw new InvalidTokenError("missing subject or role");
  }
  return { userId: payload.sub, role: payload.role };
}
