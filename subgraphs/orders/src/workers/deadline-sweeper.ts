import type { Logger } from "../../../../packages/logging";
import { randomUUID } from "node:crypto";
import { enqueue } from "../../../../packages/messaging";
import { repeatEvery } from "../../../../packages/periodic-job";
import { messageHeaders } from "../../../../packages/shop-messages";
import type { OrdersPrisma } from "../repositories/prisma-client";
import type { SagaInput } from "../domain/checkout-saga";
import { findSagasNeedingAttention, lockSagaStillNeedingAttention, type SagaRecord } from "../repositories/saga-store";
import { applySagaInput, type SagaTiming } from "../services/saga-transitions";

export interface SweeperTiming extends SagaTiming {
  sweepIntervalMs: number;
  /** An open saga without progress for this long gets its in-flight commands sent again. */
  resendAfterMs: number;
}

const BATCH = 50;

function overdueOrQuiet(record: SagaRecord): SagaInput {
  const overdue = record.state.sagaStatus === "RUNNING" && record.deadlineAt.getTime() < Date.now();
  return { type: overdue ? "DeadlinePassed" : "Resend" };
}

/**
 * Drives sagas nobody else will: past the deadline before the pivot they time out and compensate;
 * otherwise, quiet for too long (a lost message, Redis restarted empty), their open steps are sent again.
 * Every decision is re-made under the saga's row lock, so a reply that arrived meanwhile wins; a saga that
 * no longer needs attention by then, or that someone else holds (a reply, or the sweeper of another
 * orchestrator replica), is left alone this round, so two orchestrators never both send it again.
 */
export function startDeadlineSweeper(prisma: OrdersPrisma, timing: SweeperTiming, logger: Logger): () => Promise<void> {
  async function sweepOnce(): Promise<void> {
    const quietSince = new Date(Date.now() - timing.resendAfterMs);
    // A sweep round begins chains of its own: its id stands where a request's would, each saga's order id correlates.
    const round = `sweep-${randomUUID()}`;
    for (const orderId of await findSagasNeedingAttention(prisma, quietSince, BATCH)) {
      await prisma.$transaction(async (tx) => {
        if (!(await lockSagaStillNeedingAttention(tx, orderId, quietSince))) return;
        // Decided from the locked saga: a reply that arrived since the look above has already moved it.
        const result = await applySagaInput(tx, orderId, overdueOrQuiet, messageHeaders({ requestId: round, correlationId: orderId }), timing);
        await enqueue(tx, result?.messages ?? []);
      });
    }
  }

  const job = repeatEvery(sweepOnce, {
    intervalMs: timing.sweepIntervalMs,
    startNow: true,
    onError: (error) => logger.warn({ err: error }, "deadline sweep failed; will retry"),
  });
  return () => job.stop();
}
