import type { Prisma } from "../../../../prisma/orders/generated/client";
import type { Decision, OrderFailureCode, OrderStatus, SagaState, SagaStatus, StepState } from "../domain/checkout-saga";
import { SAGA_STEP_NAMES, type SagaStepName } from "../domain/saga-steps";
import type { ShippingAddress } from "../domain/address";
import { shippingAddressOf } from "./address-columns";

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

/**
 * Locks the saga's row for the rest of the transaction, so replies, the sweeper and cancelOrder for one
 * order are applied one after another, each to the state the previous one left.
 */
export async function loadSagaForUpdate(tx: OrdersTx, orderId: string): Promise<SagaRecord | null> {
  const locked = await tx.$queryRaw<Array<{ order_id: string }>>`SELECT order_id FROM checkout_sagas WHERE order_id = ${orderId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  const saga = await tx.checkoutSaga.findUniqueOrThrow({
    where: { orderId },
    include: { steps: true, order: { include: { items: { orderBy: { position: "asc" } } } } },
  });
  const steps = Object.fromEntries(
    SAGA_STEP_NAMES.map((name) => {
      const step = saga.steps.find((candidate) => candidate.name === name);
      return [name, { status: step?.status ?? "PENDING", attempts: step?.attempts ?? 0, error: step?.error ?? null }];
    }),
  ) as Record<SagaStepName, StepState>;
  const { order } = saga;
  const stepChangedAt = Object.fromEntries(
    SAGA_STEP_NAMES.map((name) => [name, saga.steps.find((candidate) => candidate.name === name)?.updatedAt ?? saga.createdAt]),
  ) as Record<SagaStepName, Date>;
  return {
    stepChangedAt,
    orderId,
    userId: order.userId,
    totalCents: order.totalCents,
    currency: order.currency,
    lines: order.items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
    address: shippingAddressOf(order),
    paymentToken: saga.paymentToken,
    deadlineAt: saga.deadlineAt,
    state: {
      orderStatus: order.status as OrderStatus,
      failureCode: (order.failureCode ?? saga.failureCode) as OrderFailureCode | null,
      failureReason: order.failureReason ?? saga.failureReason,
      sagaStatus: saga.status as SagaStatus,
      cancelRequested: saga.cancelRequested,
      flagReason: saga.flagReason,
      steps,
    },
  };
}

function stepChanged(before: StepState, after: StepState): boolean {
  return before.status !== after.status || before.attempts !== after.attempts || before.error !== after.error;
}

/** Stores what a decision changed: the saga, the steps that moved, the order, and new history entries. */
export async function saveDecision(tx: OrdersTx, record: SagaRecord, decision: Decision, deadlineAt: Date | null): Promise<void> {
  const { state } = decision;
  const chargeSettled = state.steps.CHARGE_PAYMENT.status !== "RUNNING" && state.steps.CHARGE_PAYMENT.status !== "PENDING";
  await tx.checkoutSaga.update({
    where: { orderId: record.orderId },
    data: {
      status: state.sagaStatus,
      cancelRequested: state.cancelRequested,
      flagged: state.flagReason !== null,
      flagReason: state.flagReason,
      failureCode: state.failureCode,
      failureReason: state.failureReason,
      // The token is only needed while the charge may still be sent.
      ...(chargeSettled ? { paymentToken: null } : {}),
      ...(deadlineAt ? { deadlineAt } : {}),
    },
  });
  for (const name of SAGA_STEP_NAMES) {
    const after = state.steps[name];
    if (stepChanged(record.state.steps[name], after)) {
      await tx.sagaStep.update({
        where: { orderId_name: { orderId: record.orderId, name } },
        data: { status: after.status, attempts: after.attempts, error: after.error },
      });
    }
  }
  const before = record.state;
  if (before.orderStatus !== state.orderStatus || before.failureCode !== state.failureCode || before.failureReason !== state.failureReason) {
    await tx.order.update({
      where: { id: record.orderId },
      data: { status: state.orderStatus, failureCode: state.failureCode, failureReason: state.failureReason },
    });
  }
  if (decision.events.length > 0) {
    await tx.orderEvent.createMany({ data: decision.events.map((event) => ({ orderId: record.orderId, type: event.type, detail: event.detail ?? null })) });
  }
}

export async function storePaymentToken(tx: OrdersTx, orderId: string, paymentToken: string): Promise<void> {
  await tx.checkoutSaga.update({ where: { orderId }, data: { paymentToken } });
}

/** Sagas the sweeper must look at: running past their deadline, or open without progress for a while. */
export async function findSagasNeedingAttention(tx: OrdersTx | Prisma.DefaultPrismaClient, quietSince: Date, limit: number): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ order_id: string }>>`
    SELECT order_id::text AS order_id FROM checkout_sagas
     WHERE (status = 'RUNNING' AND deadline_at < now())
        OR (status IN ('RUNNING', 'COMPENSATING') AND updated_at < ${quietSince})
     ORDER BY updated_at
     LIMIT ${limit}`;
  return rows.map((row) => row.order_id);
}
