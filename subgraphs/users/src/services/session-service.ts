import { issueAccessToken, type TokenSettings } from "../../../../packages/auth-token";
import { BadUserInputError, UnauthenticatedError } from "../../../../packages/errors";
import { requireSignedIn, type Caller } from "../../../../packages/identity";
import type { Logger } from "../../../../packages/logging";
import { judgeRefresh, sessionExpiresAt, type SessionSettings } from "../domain/sessions";
import { readNewPassword, readPasswordAttempt } from "../domain/sign-up";
import type { SessionRepository } from "../repositories/session-repository";
import type { User, UserRepository } from "../repositories/user-repository";
import { hashRefreshToken, looksLikeRefreshToken, newRefreshToken } from "../security/refresh-tokens";
import type { PasswordHasher } from "../security/passwords";
import type { TokenRevocations } from "../security/token-revocations";

export interface AuthResult {
  token: string;
  expiresAt: Date;
  refreshToken: string;
  user: User;
}

export interface SessionServiceDeps {
  sessions: SessionRepository;
  users: UserRepository;
  passwords: PasswordHasher;
  revocations: TokenRevocations;
  token: TokenSettings;
  settings: SessionSettings;
  logger: Logger;
  /** The service's clock (tests move it). */
  now?: () => Date;
}

/** One answer for every refused refresh token, so a caller cannot tell which check failed. */
const refusedRefreshToken = () => new UnauthenticatedError("The refresh token is not valid");

/**
 * Sessions: log-in starts one (a short-lived access JWT naming it, and an opaque refresh token), refreshToken
 * rotates it, logOut and changePassword end it. What ends a session is written to Redis after the commit,
 * so the gateway refuses the session's access tokens at once (security/token-revocations.ts).
 */
export function createSessionService(deps: SessionServiceDeps) {
  const { sessions, users, revocations, logger } = deps;
  const now = deps.now ?? (() => new Date());

  const tokensFor = (user: User, sessionId: string, refreshToken: string, at: Date): AuthResult => {
    const access = issueAccessToken(deps.token, { userId: user.id, role: user.role, sessionId }, at.getTime());
    return { token: access.token, expiresAt: access.expiresAt, refreshToken, user };
  };

  /** Ends a session whose rotated-away token came back; the caller is refused whatever happens here. */
  const endReusedSession = async (sessionId: string, at: Date) => {
    await sessions.revoke(sessionId, "REFRESH_TOKEN_REUSED", at);
    logger.warn({ sessionId }, "a rotated refresh token was presented again: session ended");
    await revocations.revoke({ sessionIds: [sessionId] }).catch((error: unknown) => {
      logger.error({ err: error, sessionId }, "ended session not written to Redis: its access tokens pass until they expire");
    });
  };

  const userOf = async (userId: string): Promise<User> => {
    const [user] = await users.findByIds([userId]);
    if (!user) throw refusedRefreshToken();
    return user;
  };

  return {
    /** A new session for a user who just proved who they are (signUp, logIn). */
    async start(user: User): Promise<AuthResult> {
      const at = now();
      const refresh = newRefreshToken();
      const session = await sessions.create({ userId: user.id, tokenHash: refresh.hash, expiresAt: sessionExpiresAt(at, deps.settings) });
      return tokensFor(user, session.id, refresh.token, at);
    },

    async refresh(presentedToken: string): Promise<AuthResult> {
      if (!looksLikeRefreshToken(presentedToken)) throw refusedRefreshToken();
      const at = now();
      const presented = hashRefreshToken(presentedToken);
      const found = await sessions.findByTokenHash(presented);
      const verdict = judgeRefresh(found, at);
      if (verdict === "refuse" || !found) throw refusedRefreshToken();
      if (verdict === "revoke-for-reuse") {
        await endReusedSession(found.session.id, at);
        throw refusedRefreshToken();
      }
      const next = newRefreshToken();
      const rotated = await sessions.rotate(found.session.id, presented, next.hash, at);
      // Another refresh with the same token won the race: this one is a reuse like any other.
      if (!rotated) {
        await endReusedSession(found.session.id, at);
        throw refusedRefreshToken();
      }
      return tokensFor(await userOf(rotated.userId), rotated.id, next.token, at);
    },

    /** Idempotent: the same refresh token may end its session again (a retry after Redis failed). */
    async logOut(presentedToken: string, caller: Caller | null): Promise<boolean> {
      if (!looksLikeRefreshToken(presentedToken)) throw refusedRefreshToken();
      const found = await sessions.findByTokenHash(hashRefreshToken(presentedToken));
      if (!found || (caller !== null && caller.userId !== found.session.userId)) throw refusedRefreshToken();
      await sessions.revoke(found.session.id, "LOG_OUT", now());
      await revocations.revoke({ sessionIds: [found.session.id] });
      return true;
    },

    /**
     * Ends every session of the caller and starts a new one. The access tokens issued before are refused
     * by their sessions' marks and by the user's not-before time; a failure to write those is an error
     * (the client signs in again with the new password), not a silent success.
     */
    async changePassword(caller: Caller | null, currentPassword: string, newPassword: string): Promise<AuthResult> {
      const { userId } = requireSignedIn(caller);
      const current = readPasswordAttempt(currentPassword, "currentPassword");
      const next = readNewPassword(newPassword, "newPassword");
      if (current === next) throw new BadUserInputError("The new password must differ from the current one", "newPassword");
      const [user] = await users.findByIds([userId]);
      if (!(await deps.passwords.verify(user?.passwordHash ?? null, current)) || !user) {
        throw new UnauthenticatedError("The current password is not correct");
      }
      const passwordHash = await deps.passwords.hash(next);
      const at = now();
      const refresh = newRefreshToken();
      const changed = await sessions.changePassword(user.id, passwordHash, at, { tokenHash: refresh.hash, expiresAt: sessionExpiresAt(at, deps.settings) });
      await revocations.revoke({ sessionIds: changed.endedSessionIds, userId: user.id, notBefore: at });
      return tokensFor(user, changed.session.id, refresh.token, at);
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
