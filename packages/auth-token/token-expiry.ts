import jwt from "jsonwebtoken";

/**
 * When a token stops being valid (its `exp`), in epoch milliseconds; null without one. Reads the token
 * without checking it: call it only for a token `verifyAccessToken` accepted.
 */
export function accessTokenExpiresAt(token: string): number | null {
  const payload = jwt.decode(token);
  if (payload === null || typeof payload === "string" || typeof payload.exp !== "number") return null;
  return payload.exp * 1000;
}
