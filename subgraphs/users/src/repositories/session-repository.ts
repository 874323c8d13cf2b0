import type { Session } from "../../../../prisma/users/generated/client";
import type { PresentedRefreshToken, RevokeReason } from "../domain/sessions";
import type { UsersPrisma } from "./prisma-client";

export type { Session };

export interface NewSession {
  userId: string;
  tokenHash: Buffer;
  expiresAt: Date;
}

type Transaction = Parameters<Parameters<UsersPrisma["$transaction"]>[0]>[0];

const createSession = (db: Transaction | UsersPrisma, session: NewSession) =>
  db.session.create({ data: { userId: session.userId, tokenHash: Uint8Array.from(session.tokenHash), expiresAt: session.expiresAt } });

export function createSessionRepository(prisma: UsersPrisma) {
  return {
    create: (session: NewSession): Promise<Session> => createSession(prisma, session),

    /** The session a refresh token belongs to, as its current token or one rotated away; null when it is neither. */
    async findByTokenHash(tokenHash: Buffer): Promise<PresentedRefreshToken | null> {
      const hash = Uint8Array.from(tokenHash);
      const current = await prisma.session.findUnique({ where: { tokenHash: hash } });
      if (current) return { session: current, current: true };
      const used = await prisma.usedRefreshToken.findUnique({ where: { tokenHash: hash }, include: { session: true } });
      return used ? { session: used.session, current: false } : null;
    },

    /**
     * Replaces the session's current token if it is still `presented` and the session still live (one
     * conditional UPDATE: of two refreshes racing with one token, exactly one matches), and records the
     * presented token as used, in the same transaction. Null when another refresh, logOut or a password
     * change got there first.
     */
    rotate: (sessionId: string, presented: Buffer, next: Buffer, now: Date): Promise<Session | null> =>
      prisma.$transaction(async (tx) => {
        const updated = await tx.session.updateManyAndReturn({
          where: { id: sessionId, tokenHash: Uint8Array.from(presented), revokedAt: null, expiresAt: { gt: now } },
          data: { tokenHash: Uint8Array.from(next), generation: { increment: 1 } },
        });
        const session = updated[0];
        if (!session) return null;
        await tx.usedRefreshToken.create({ data: { tokenHash: Uint8Array.from(presented), sessionId, usedAt: now } });
        return session;
      }),

    /** Ends a session (again, harmlessly, if it had ended). */
    async revoke(sessionId: string, reason: RevokeReason, now: Date): Promise<void> {
      await prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
    },

    /**
     * Deletes sessions that ended (expired or revoked) before `cutoff`, with their used tokens. Their
     * refresh tokens are then unknown, which is refused the same way as ended. Returns how many went.
     */
    async purgeEndedBefore(cutoff: Date): Promise<number> {
      const { count } = await prisma.session.deleteMany({ where: { OR: [{ expiresAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] } });
      return count;
    },

    /**
     * A password change, in one transaction: the new hash, every open session of the user ended, and a
     * new session for the caller. Returns the ended sessions' ids, for the gateway to refuse their tokens.
     */
    changePassword: (userId: string, passwordHash: string, now: Date, next: Omit<NewSession, "userId">) =>
      prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now } });
        const ended = await tx.session.updateManyAndReturn({
          where: { userId, revokedAt: null },
          data: { revokedAt: now, revokedReason: "PASSWORD_CHANGED" satisfies RevokeReason },
          select: { id: true },
        });
        const session = await createSession(tx, { userId, ...next });
        return { endedSessionIds: ended.map((row) => row.id), session };
      }),
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
