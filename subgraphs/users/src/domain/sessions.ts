/**
 * Sessions and refresh-token rotation, as pure rules over what the database says about a presented
 * refresh token. A session has one current refresh token; refreshing replaces it (rotation). Presenting
 * a token that was already rotated away means two parties hold it, so the whole session ends (OAuth's
 * refresh-token reuse detection): the legitimate client then has to sign in again, and so does the thief.
 */
export interface SessionSettings {
  /** How long a session stays refreshable, counted from log-in (not extended by refreshes). */
  ttlSeconds: number;
}

export type RevokeReason = "LOG_OUT" | "REFRESH_TOKEN_REUSED" | "PASSWORD_CHANGED";

export interface SessionState {
  id: string;
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** The session a presented refresh token belongs to, and whether it is its current token or a rotated one. */
export interface PresentedRefreshToken {
  session: SessionState;
  current: boolean;
}

export type RefreshVerdict = "rotate" | "revoke-for-reuse" | "refuse";

export function sessionExpiresAt(now: Date, settings: SessionSettings): Date {
  return new Date(now.getTime() + settings.ttlSeconds * 1000);
}

export function isLive(session: SessionState, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt.getTime() > now.getTime();
}

/**
 * What a refresh with this token does: rotate the current token of a live session; end a live session
 * whose old token came back; refuse everything else (unknown token, ended or expired session), the same
 * way for each, so a caller learns nothing about which check failed.
 */
export function judgeRefresh(presented: PresentedRefreshToken | null, now: Date): RefreshVerdict {
  if (presented === null || !isLive(presented.session, now)) return "refuse";
  return presented.current ? "rotate" : "revoke-for-reuse";
}
