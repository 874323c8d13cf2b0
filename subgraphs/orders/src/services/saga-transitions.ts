import { decide, startSaga, type Decision, type SagaInput } from "../domain/checkout-saga";
import { loadSagaForUpdate, saveDecision, type OrdersTx } from "../repositories/saga-store";
import { decisionMessages } from "./saga-messages";
import type { MessageHeaders, ShopMessage } from "../../../../packages/shop-messages";
import { recordSagaStep, type SagaStepOutcome } from "../../../../packages/metrics";
import { SAGA_STEP_NAMES } from "../domain/saga-steps";
import type { SagaRecord } from "../repositories/saga-store";

const OUTCOME_OF_STATUS: Partial<Record<string, SagaStepOutcome>> = { SUCCEEDED: "succeeded", FAILED: "failed", COMPENSATED: "compensated" };

/** Saga step metrics: each step that ended (or was sent again) in this decision, with how long it took. */
function recordStepOutcomes(record: SagaRecord, decision: Decision): void {
  for (const name of SAGA_STEP_NAMES) {
    const before = record.state.steps[name];
    const after = decision.state.steps[name];
    const outcome = before.status !== after.status ? OUTCOME_OF_STATUS[after.status] : after.attempts > before.attempts ? "retried" : undefined;
    if (outcome) recordSagaStep("orders", name, outcome, Date.now() - record.stepChangedAt[name].getTime());
  }
}

export interface SagaTiming {
  /** How long a saga may take to reach the payment before it times out. */
  deadlineMs: number;
}

/** What moves a saga: a reply or event, its start, or a choice made from the locked saga itself (the sweeper's). */
export type SagaDriver = SagaInput | "start" | ((record: SagaRecord) => SagaInput);

/** The outcome of one step: the messages the caller must put in the outbox, and the decision. */
export interface SagaStepResult {
  messages: ShopMessage[];
  decision: Decision;
}

/** Stores a decision taken on a record the caller holds (locked, or written in this transaction). */
async function store(
  tx: OrdersTx,
  record: SagaRecord,
  decision: Decision,
  headers: MessageHeaders,
  timing: SagaTiming,
  input: SagaInput | null,
): Promise<SagaStepResult> {
  const deadline = decision.extendDeadline ? new Date(Date.now() + timing.deadlineMs) : null;
  await saveDecision(tx, record, decision, deadline);
  recordStepOutcomes(record, decision);
  return { messages: decisionMessages(decision, record, headers, input), decision };
}

/**
 * What the saga of an order placed in this transaction sends as it starts: its first decision
 * (`startSaga`) was taken before the order was written, so that one statement wrote both.
 */
export function startedSagaMessages(placed: SagaRecord, start: Decision, headers: MessageHeaders): ShopMessage[] {
  recordStepOutcomes(placed, start);
  return decisionMessages(start, placed, headers);
}

/**
 * One step of one saga inside the caller's transaction: lock it, decide, store, and return the messages
 * the caller must put in the outbox (in the same transaction). Unknown orders yield nothing.
 */
export async function applySagaInput(
  tx: OrdersTx,
  orderId: string,
  driver: SagaDriver,
  headers: MessageHeaders,
  timing: SagaTiming,
): Promise<SagaStepResult | null> {
  const record = await loadSagaForUpdate(tx, orderId);
  if (!record) return null;
  const input = driver === "start" ? null : typeof driver === "function" ? driver(record) : driver;
  const decision = input === null ? startSaga() : decide(record.state, input);
  return store(tx, record, decision, headers, timing, input);
}
