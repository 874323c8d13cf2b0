import Redis from "ioredis";
import { notBeforeKey, REVOCATION_MARGIN_SECONDS, revokedSessionKey } from "../../../../packages/auth-token";
import type { Logger } from "../../../../packages/logging";

/**
 * Tells the gateway, through Redis, which access tokens to refuse before they expire. Written after the
 * database commit that ended the sessions; each mark lives as long as an access token can (see
 * packages/auth-token/revocations.ts). Losing them (Redis emptied) lets ended sessions' access tokens in
 * until they expire, at most the access-token TTL; refresh tokens are refused by the database regardless.
 */
export interface TokenRevocations {
  /** Refuse the access tokens of these sessions and, with `notBefore`, every token the user got before it. */
  revoke(revocation: { sessionIds: readonly string[]; userId?: string; notBefore?: Date }): Promise<void>;
  close(): void;
}

const COMMAND_TIMEOUT_MS = 1_000;

export function redisTokenRevocations(redisUrl: string, accessTokenTtlSeconds: number, logger: Logger): TokenRevocations {
  // Connected on first use: a users subgraph that never ends a session needs no Redis.
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS });
  redis.on("error", (error) => logger.warn({ err: error }, "redis unavailable for token revocations"));
  const ttl = accessTokenTtlSeconds + REVOCATION_MARGIN_SECONDS;
  return {
    async revoke({ sessionIds, userId, notBefore }) {
      const batch = redis.multi();
      for (const id of sessionIds) batch.set(revokedSessionKey(id), "1", "EX", ttl);
      if (userId !== undefined && notBefore !== undefined) {
        batch.set(notBeforeKey(userId), String(Math.floor(notBefore.getTime() / 1000)), "EX", ttl);
      }
      const results = await batch.exec();
      const failed = results?.find(([error]) => error !== null);
      if (!results || failed) throw new Error(`token revocations not written: ${failed?.[0]?.message ?? "transaction aborted"}`);
    },
    close: () => redis.disconnect(),
  };
}
