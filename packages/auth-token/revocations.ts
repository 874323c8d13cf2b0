/**
 * How the users subgraph tells the gateway, through Redis, that access tokens must be refused before they
 * expire: a key per ended session (logOut, refresh-token reuse, password change) and a per-user not-before
 * time (password change). Both live as long as an access token can (its TTL plus a margin for clock skew):
 * after that every token they could refuse has expired anyway. The key names are shared by writer and reader.
 */
const PREFIX = "shop:auth";

/** Extra life of a revocation beyond the access-token TTL, for clocks that disagree a little. */
export const REVOCATION_MARGIN_SECONDS = 60;

export function revokedSessionKey(sessionId: string): string {
  return `${PREFIX}:revoked-session:${sessionId}`;
}

export function notBeforeKey(userId: string): string {
  return `${PREFIX}:not-before:${userId}`;
}

/** What Redis holds for one token: the session's revocation mark and the user's not-before (Unix seconds). */
export interface RevocationMarks {
  revokedSession: string | null;
  notBeforeSeconds: string | null;
}

/**
 * A token is refused when its session was ended, or it was issued before the user's not-before second.
 * A token issued in that very second passes this test; if it is an old one, its session's mark refuses it.
 */
export function isRevoked(marks: RevocationMarks, issuedAtSeconds: number): boolean {
  if (marks.revokedSession !== null) return true;
  if (marks.notBeforeSeconds === null) return false;
  const notBefore = Number(marks.notBeforeSeconds);
  // An unreadable mark refuses: it was written to refuse something.
  return !Number.isFinite(notBefore) || issuedAtSeconds < notBefore;
}
