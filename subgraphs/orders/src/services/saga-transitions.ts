import { decide, startSaga, type Decision, type SagaInput } from "../domain/checkout-saga";
import { loadSagaForUpdate, saveDecision, type OrdersTx } from "../repositories/saga-store";
import { decisionMessages } from "./saga-messages";
import type { Message } from "../../../../packages/messaging";

export interface SagaTiming {
  /** How long a saga may take to reach the payment before it times out. */
  deadlineMs: number;
}

/**
 * One step of one saga inside the caller's transaction: lock it, decide, store, and return the messages
 * the caller must put in the outbox (in the same transaction). Unknown orders yield nothing.
 */
export async function applySagaInput(
  tx: OrdersTx,
  orderId: string,
  input: SagaInput | "start",
  headers: Record<string, string>,
  timing: SagaTiming,
): Promise<{ messages: Message[]; decision: Decision } | null> {
  const record = await loadSagaForUpdate(tx, orderId);
  if (!record) return null;
  const decision = input === "start" ? startSaga() : decide(record.state, input);
  const deadline = decision.extendDeadline ? new Date(Date.now() + timing.deadlineMs) : null;
  await saveDecision(tx, record, decision, deadline);
  return { messages: decisionMessages(decision, record, headers), decision };
}
