/**
 * The checkout saga's steps, in the order they run. CHARGE_PAYMENT is the pivot: steps before it are
 * compensated when the saga fails, steps after it are retried until they succeed.
 */
export const SAGA_STEP_NAMES = ["RESERVE_INVENTORY", "CHARGE_PAYMENT", "CONFIRM_ORDER", "CREATE_SHIPMENT"] as const;

export type SagaStepName = (typeof SAGA_STEP_NAMES)[number];

export const PIVOT_STEP: SagaStepName = "CHARGE_PAYMENT";

/** A step's place in the saga (0 = first), as stored with the step. */
export function sagaStepPosition(name: SagaStepName): number {
  return SAGA_STEP_NAMES.indexOf(name);
}
