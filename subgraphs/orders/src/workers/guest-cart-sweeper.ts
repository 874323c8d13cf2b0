import type { Logger } from "../../../../packages/logging";
import { repeatEvery } from "../../../../packages/periodic-job";
import { deleteExpiredGuestCarts } from "../repositories/cart-repository";
import type { OrdersPrisma } from "../repositories/prisma-client";

export interface GuestCartTiming {
  /** A guest cart untouched for longer than this has expired: no one finds it, and the sweep deletes it. */
  ttlMs: number;
  sweepIntervalMs: number;
}

/** Carts deleted per statement: a sweep never holds a long lock or a long transaction. */
const BATCH = 500;
/** Statements per round at most: a backlog is worked off over several rounds, each bounded. */
const MAX_BATCHES_PER_ROUND = 20;

/**
 * Deletes expired guest carts (and their lines, by cascade) every sweepIntervalMs, in bounded batches.
 * Reads never depend on it: an expired cart is not found whether or not it has been swept yet.
 */
export function startGuestCartSweeper(prisma: OrdersPrisma, timing: GuestCartTiming, logger: Logger): () => Promise<void> {
  async function sweepOnce(isRunning: () => boolean): Promise<void> {
    const expiredBefore = new Date(Date.now() - timing.ttlMs);
    for (let batch = 0; batch < MAX_BATCHES_PER_ROUND && isRunning(); batch += 1) {
      const deleted = await deleteExpiredGuestCarts(prisma, expiredBefore, BATCH);
      if (deleted > 0) logger.info({ deleted }, "expired guest carts deleted");
      if (deleted < BATCH) return;
    }
  }

  const job = repeatEvery(sweepOnce, {
    intervalMs: timing.sweepIntervalMs,
    startNow: true,
    onError: (error) => logger.warn({ err: error }, "guest cart sweep failed; will retry"),
  });
  return () => job.stop();
}
