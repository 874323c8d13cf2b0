import type { Logger } from "../../../../packages/logging";
import { repeatEvery, type PeriodicJob } from "../../../../packages/periodic-job";
import type { SessionRepository } from "../repositories/session-repository";

/** Ended sessions are kept this long (for support questions), then deleted with their used tokens. */
export const ENDED_SESSION_RETENTION_MS = 24 * 60 * 60 * 1000;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Every hour, deletes the sessions that ended more than a day ago, so the sessions and used-token tables
 * hold live sessions only. Replicas may purge side by side: the same DELETE twice does no harm.
 */
export function startSessionPurge(sessions: Pick<SessionRepository, "purgeEndedBefore">, logger: Logger, intervalMs = PURGE_INTERVAL_MS): PeriodicJob {
  const purge = async () => {
    const purged = await sessions.purgeEndedBefore(new Date(Date.now() - ENDED_SESSION_RETENTION_MS));
    if (purged > 0) logger.info({ purged }, "ended sessions purged");
  };
  return repeatEvery(purge, { intervalMs, startNow: false, onError: (error) => logger.warn({ err: error }, "ended sessions not purged; trying again next round") });
}
