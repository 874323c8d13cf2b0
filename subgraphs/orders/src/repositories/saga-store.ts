import { Prisma, type Order } from "../../../../prisma/orders/generated/client";
import { initialSagaState, type Decision, type OrderFailureCode, type OrderStatus, type SagaState, type SagaStatus, type StepState } from "../domain/checkout-saga";
import { SAGA_STEP_NAMES, type SagaStepName } from "../domain/saga-steps";
import type { ShippingAddress } from "../domain/address";
import { redactChargeTokens } from "./outbox-secrets";

export type OrdersTx = Prisma.TransactionClient;

/** A saga with the order facts its commands carry, loaded under a row lock. */
export interface SagaRecord {
  orderId: string;
  userId: string;
  totalCents: number;
  currency: string;
  lines: Array<{ productId: string; quantity: number }>;
  address: ShippingAddress;
  paymentToken: string | null;
  deadlineAt: Date;
  /** When each step last changed: how long a step took is measured from it. */
  stepChangedAt: Record<SagaStepName, Date>;
  state: SagaState;
}

interface SagaRow {
  saga_status: string;
  deadline_at: Date;
  flag_reason: string | null;
  payment_token: string | null;
  cancel_requested: boolean;
  saga_failure_code: string | null;
  saga_failure_reason: string | null;
  created_at: Date;
  user_id: string;
  order_status: string;
  order_failure_code: string | null;
  order_failure_reason: string | null;
  total_cents: number;
  currency: string;
  ship_line1: string;
  ship_line2: string | null;
  ship_city: string;
  ship_postal_code: string;
  ship_country: string;
  steps: Array<{ name: string; status: string; attempts: number; error: string | null; updatedAt: string }>;
  lines: Array<{ productId: string; quantity: number }>;
}

/**
 * Locks the saga's row for the rest of the transaction, so replies, the sweeper and cancelOrder for one
 * order are applied one after another, each to the state the previous one left. The lock is taken by a
 * statement of its own: a statement that waited for a row lock still reads every other row (steps,
 * order) as of its own start, i.e. as they were before the transaction it waited for committed. Once
 * locked, the saga is read with its order, steps and lines in one statement (a hot path: several
 * times per order).
 */
export async function loadSagaForUpdate(tx: OrdersTx, orderId: string): Promise<SagaRecord | null> {
  const preloaded = takePreloaded(tx, orderId);
  if (preloaded !== undefined) return preloaded;
  const locked = await tx.$queryRaw<Array<{ order_id: string }>>`SELECT order_id FROM checkout_sagas WHERE order_id = ${orderId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  return (await readSagas(tx, [orderId])).get(orderId.toLowerCase()) ?? null;
}

/** Sagas locked and read by lockSagasForUpdate in a transaction, each until its step takes it. */
const preloadedSagas = new WeakMap<OrdersTx, Map<string, SagaRecord | null>>();

function takePreloaded(tx: OrdersTx, orderId: string): SagaRecord | null | undefined {
  const preloaded = preloadedSagas.get(tx);
  const key = orderId.toLowerCase();
  const record = preloaded?.get(key);
  // Taken once: after its step stores a decision, the record is out of date.
  preloaded?.delete(key);
  return record;
}

/**
 * Locks several sagas in one statement, in order id order (so two batches never wait on each other in
 * a cycle), and reads them in one more; loadSagaForUpdate in the same transaction then takes each from
 * here instead of asking the database. A batch of saga replies costs two statements instead of two each.
 */
export async function lockSagasForUpdate(tx: OrdersTx, orderIds: readonly string[]): Promise<void> {
  const ids = [...new Set(orderIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return;
  await tx.$queryRaw`SELECT order_id FROM checkout_sagas WHERE order_id = ANY(${ids}::uuid[]) ORDER BY order_id FOR UPDATE`;
  const records = await readSagas(tx, ids);
  preloadedSagas.set(tx, new Map(ids.map((id) => [id, records.get(id) ?? null])));
}

/** The sagas with their order, steps and lines, by order id: one statement, after their rows are locked. */
async function readSagas(tx: OrdersTx, orderIds: readonly string[]): Promise<Map<string, SagaRecord>> {
  const rows = await tx.$queryRaw<Array<SagaRow & { order_id: string }>>`
    SELECT s.order_id::text AS order_id, s.status::text AS saga_status, s.deadline_at, s.flag_reason, s.payment_token, s.cancel_requested,
           s.failure_code::text AS saga_failure_code, s.failure_reason AS saga_failure_reason, s.created_at,
           o.user_id::text AS user_id, o.status::text AS order_status, o.failure_code::text AS order_failure_code,
           o.failure_reason AS order_failure_reason, o.total_cents, o.currency,
           o.ship_line1, o.ship_line2, o.ship_city, o.ship_postal_code, o.ship_country,
           (SELECT coalesce(json_agg(json_build_object('name', st.name, 'status', st.status, 'attempts', st.attempts,
                                                       'error', st.error, 'updatedAt', st.updated_at)), '[]')
              FROM saga_steps st WHERE st.order_id = s.order_id) AS steps,
           (SELECT coalesce(json_agg(json_build_object('productId', i.product_id, 'quantity', i.quantity) ORDER BY i.position), '[]')
              FROM order_items i WHERE i.order_id = s.order_id) AS lines
      FROM checkout_sagas s JOIN orders o ON o.id = s.order_id
     WHERE s.order_id = ANY(${orderIds}::uuid[])`;
  return new Map(rows.map((row) => [row.order_id, sagaRecordOf(row.order_id, row)]));
}

/**
 * The record of a saga placeOrder has just written in its own transaction (writePendingOrder): no one
 * else can see it before the commit, so there is nothing to lock and nothing to read back.
 */
export function placedSagaRecord(
  order: Pick<Order, "id" | "userId" | "totalCents" | "currency" | "createdAt">,
  lines: ReadonlyArray<{ productId: string; quantity: number }>,
  address: ShippingAddress,
  schedule: { deadlineAt: Date; paymentToken?: string | null },
): SagaRecord {
  return {
    orderId: order.id,
    userId: order.userId,
    totalCents: order.totalCents,
    currency: order.currency,
    lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
    address,
    paymentToken: schedule.paymentToken ?? null,
    deadlineAt: schedule.deadlineAt,
    stepChangedAt: Object.fromEntries(SAGA_STEP_NAMES.map((name) => [name, order.createdAt])) as Record<SagaStepName, Date>,
    state: initialSagaState(),
  };
}

function sagaRecordOf(orderId: string, row: SagaRow): SagaRecord {
  const stepNamed = (name: SagaStepName) => row.steps.find((candidate) => candidate.name === name);
  const steps = Object.fromEntries(
    SAGA_STEP_NAMES.map((name) => {
      const step = stepNamed(name);
      return [name, { status: step?.status ?? "PENDING", attempts: step?.attempts ?? 0, error: step?.error ?? null }];
    }),
  ) as Record<SagaStepName, StepState>;
  const stepChangedAt = Object.fromEntries(
    SAGA_STEP_NAMES.map((name) => {
      const changedAt = stepNamed(name)?.updatedAt;
      return [name, changedAt ? new Date(changedAt) : row.created_at];
    }),
  ) as Record<SagaStepName, Date>;
  return {
    stepChangedAt,
    orderId,
    userId: row.user_id,
    totalCents: row.total_cents,
    currency: row.currency,
    lines: row.lines,
    address: { line1: row.ship_line1, line2: row.ship_line2, city: row.ship_city, postalCode: row.ship_postal_code, country: row.ship_country },
    paymentToken: row.payment_token,
    deadlineAt: row.deadline_at,
    state: {
      orderStatus: row.order_status as OrderStatus,
      failureCode: (row.order_failure_code ?? row.saga_failure_code) as OrderFailureCode | null,
      failureReason: row.order_failure_reason ?? row.saga_failure_reason,
      sagaStatus: row.saga_status as SagaStatus,
      cancelRequested: row.cancel_requested,
      flagReason: row.flag_reason,
      steps,
    },
  };
}

function stepChanged(before: StepState, after: StepState): boolean {
  return before.status !== after.status || before.attempts !== after.attempts || before.error !== after.error;
}

/**
 * Stores what a decision changed in one statement: the saga, the steps that moved, the order (only if
 * its status or failure changed), new history entries and, once the charge has an answer, the payment
 * token blanked in the outbox: each a data-modifying CTE.
 */
export async function saveDecision(tx: OrdersTx, record: SagaRecord, decision: Decision, deadlineAt: Date | null): Promise<void> {
  const { state } = decision;
  const charge = state.steps.CHARGE_PAYMENT.status;
  // The token is only needed while the charge may still be sent.
  const chargeSettled = charge !== "RUNNING" && charge !== "PENDING";
  const changedSteps = SAGA_STEP_NAMES.filter((name) => stepChanged(record.state.steps[name], state.steps[name])).map((name) => ({
    name,
    ...state.steps[name],
  }));
  const events = decision.events.map((event) => ({ type: event.type, detail: event.detail ?? null }));
  // The moment the token is cleared from the saga, its copies in the outbox go too (in the same statement).
  const redacted = chargeSettled && record.paymentToken !== null ? Prisma.sql`redacted AS (${redactChargeTokens(record.orderId)}),` : Prisma.empty;
  await tx.$executeRaw`
    WITH ${redacted} saga AS (
      UPDATE checkout_sagas
         SET status = ${state.sagaStatus}::saga_status,
             cancel_requested = ${state.cancelRequested},
             flagged = ${state.flagReason !== null},
             flag_reason = ${state.flagReason},
             failure_code = ${state.failureCode}::order_failure_code,
             failure_reason = ${state.failureReason},
             payment_token = CASE WHEN ${chargeSettled} THEN NULL ELSE payment_token END,
             deadline_at = coalesce(${deadlineAt}::timestamptz, deadline_at),
             updated_at = now()
       WHERE order_id = ${record.orderId}::uuid
    ), steps AS (
      UPDATE saga_steps st
         SET status = changed.status::saga_step_status, attempts = changed.attempts, error = changed.error, updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(changedSteps)}::jsonb) AS changed(name text, status text, attempts int, error text)
       WHERE st.order_id = ${record.orderId}::uuid AND st.name = changed.name
    ), moved_order AS (
      UPDATE orders
         SET status = ${state.orderStatus}::order_status,
             failure_code = ${state.failureCode}::order_failure_code,
             failure_reason = ${state.failureReason},
             updated_at = now()
       WHERE id = ${record.orderId}::uuid
         AND (status, failure_code, failure_reason) IS DISTINCT FROM
             (${state.orderStatus}::order_status, ${state.failureCode}::order_failure_code, ${state.failureReason}::text)
    )
    INSERT INTO order_events (order_id, type, detail)
    SELECT ${record.orderId}::uuid, event.type, event.detail
      FROM jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS listed(value, position),
           jsonb_to_record(listed.value) AS event(type text, detail text)
     ORDER BY listed.position`;
}

/** A saga the sweeper must drive: running past its deadline, or open without progress since `quietSince`. */
function needsAttention(quietSince: Date): Prisma.Sql {
  return Prisma.sql`((status = 'RUNNING' AND deadline_at < now())
                  OR (status IN ('RUNNING', 'COMPENSATING') AND updated_at < ${quietSince}))`;
}

/** Sagas the sweeper must look at: running past their deadline, or open without progress for a while. */
export async function findSagasNeedingAttention(tx: OrdersTx | Prisma.DefaultPrismaClient, quietSince: Date, limit: number): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ order_id: string }>>`
    SELECT order_id::text AS order_id FROM checkout_sagas
     WHERE ${needsAttention(quietSince)}
     ORDER BY updated_at
     LIMIT ${limit}`;
  return rows.map((row) => row.order_id);
}

/**
 * Locks a saga found by findSagasNeedingAttention for the rest of the transaction, if it still needs
 * attention and nobody holds it. False means leave it this round: a reply moved it since the look, or a
 * reply or another orchestrator's sweeper holds it now (two orchestrators must not both send it again).
 */
export async function lockSagaStillNeedingAttention(tx: OrdersTx, orderId: string, quietSince: Date): Promise<boolean> {
  const locked = await tx.$queryRaw<Array<{ order_id: string }>>`
    SELECT order_id FROM checkout_sagas WHERE order_id = ${orderId}::uuid AND ${needsAttention(quietSince)}
       FOR UPDATE SKIP LOCKED`;
  return locked.length > 0;
}
