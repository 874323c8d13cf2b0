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

/** Who a token speaks for, and the session it belongs to (`sid`), so the session's end can refuse it. */
export interface AccessTokenSubject extends Caller {
  sessionId: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

/** What a verified token says: the caller, its session and when it was issued (`iat`, whole seconds). */
export interface VerifiedAccessToken {
  caller: Caller;
  sessionId: string;
  issuedAtSeconds: number;
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

/** `issuedAtMs` is the issuer's clock (injected in tests); `iat` and `exp` are whole seconds from it. */
export function issueAccessToken(settings: TokenSettings, subject: AccessTokenSubject, issuedAtMs = Date.now()): IssuedAccessToken {
  const iat = Math.floor(issuedAtMs / 1000);
  const exp = iat + settings.ttlSeconds;
  const token = jwt.sign({ role: subject.role, sid: subject.sessionId, iat, exp }, keyOf(settings.secret), {
    algorithm: TOKEN_ALGORITHM,
    subject: subject.userId,
    issuer: settings.issuer,
    audience: settings.audience,
  });
  return { token, expiresAt: new Date(exp * 1000) };
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(`invalid access token: ${reason}`);
    this.name = "InvalidTokenError";
  }
}

/** Checks signature, algorithm, expiry, issuer and audience, and that the token names its session. */
export function verifyAccessToken(settings: Omit<TokenSettings, "ttlSeconds">, token: string): VerifiedAccessToken {
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
  // A token without a session could never be refused before it expires, so it is not taken at all.
  if (typeof payload.sid !== "string" || payload.sid === "" || typeof payload.iat !== "number") {
    throw new InvalidTokenError("missing session or issue time");
  }
  return { caller: { userId: payload.sub, role: payload.role }, sessionId: payload.sid, issuedAtSeconds: payload.iat };
}
