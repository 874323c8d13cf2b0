import { runOnceByKey } from "../../../../packages/idempotency";
import type { ShippingPrisma, ShippingTx } from "./prisma-client";
import type { Shipment } from "./shipment-repository";

/** Where advanceShipment keys are stored in idempotency_keys. */
const ADVANCE_OPERATION = "advanceShipment";

export interface KeyedAdvance {
  callerId: string;
  key: string;
  orderId: string;
}

/** Thrown inside the keyed transaction when another advance changed the shipment first: rolls the key back too. */
class AdvanceRaceLost extends Error {}

/** A shipment as stored with its key (JSON): its timestamps become Dates again. */
function revived(stored: Shipment): Shipment {
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return { ...stored, estimatedDelivery: date(stored.estimatedDelivery), createdAt: new Date(stored.createdAt), updatedAt: new Date(stored.updatedAt) };
}

/**
 * One advance under the admin's idempotency key: `step` runs once per key, and the shipment it left is
 * stored with the key and answered to every retry (see runOnceByKey). Null, storing nothing, when
 * another advance changed the shipment first: the caller tries again with a fresh read.
 */
export async function advanceOnceByKey(prisma: ShippingPrisma, advance: KeyedAdvance, step: (tx: ShippingTx) => Promise<Shipment | null>): Promise<Shipment | null> {
  const { callerId, key, orderId } = advance;
  try {
    const shipment = await runOnceByKey(prisma, { callerId, operation: ADVANCE_OPERATION, key, request: { orderId: orderId.toLowerCase() } }, async (tx) => {
      const advanced = await step(tx);
      if (!advanced) throw new AdvanceRaceLost();
      return advanced;
    });
    return revived(shipment);
  } catch (error) {
    if (error instanceof AdvanceRaceLost) return null;
    throw error;
  }
}
