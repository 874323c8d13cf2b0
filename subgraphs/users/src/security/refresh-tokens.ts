import { createHash, randomBytes } from "node:crypto";

/**
 * Refresh tokens are 256 random bits, base64url: opaque to clients, and too many to guess, so a fast
 * SHA-256 is enough to store them (only the hash is kept; a database leak gives no usable token).
 */
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface NewRefreshToken {
  token: string;
  hash: Buffer;
}

export function hashRefreshToken(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

export function newRefreshToken(): NewRefreshToken {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, hash: hashRefreshToken(token) };
}

/** Whether a presented string could be one of ours; anything else is refused without a database lookup. */
export function looksLikeRefreshToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}
