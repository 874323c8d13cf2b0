import { createSecretKey, type KeyObject } from "node:crypto";
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

/**
 * The secret as a key object, made once per secret: given a string, jsonwebtoken first tries to read it
 * as a PEM public or private key on every call, which was the gateway's largest single CPU cost per request.
 */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, "utf8"))));
  return key;
}

export function issueAccessToken(settings: TokenSettings, caller: Caller): string {
  return jwt.sign({ role: caller.role }, keyOf(settings.secret), {
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
    payload = jwt.verify(token, keyOf(settings.secret), {
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
