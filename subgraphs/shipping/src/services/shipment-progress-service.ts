import { NotFoundError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";
import { readIdempotencyKey } from "../../../../packages/idempotency";
import { isUuid } from "../../../../packages/ids";
import { enqueue } from "../../../../packages/messaging";
import { messageHeaders, shopMessage, type MessageHeaders } from "../../../../packages/shop-messages";
import { requireAdmin } from "../domain/authorization";
import { advanceOf } from "../domain/shipment-progress";
import { advanceOnceByKey } from "../repositories/keyed-advance";
import type { ShippingPrisma, ShippingTx } from "../repositories/prisma-client";
import { changeShipmentIf, findShipmentByOrderId, type Shipment } from "../repositories/shipment-repository";

/** Concurrent advances each move one step; one that lost the race reads again and takes the next step. */
const MAX_ATTEMPTS = 5;

function noShipment(): NotFoundError {
  return new NotFoundError("No shipment was found for this order");
}

/**
 * One step forward and its ShipmentStatusChanged event, in one transaction: the outbox relay publishes
 * the event for orders (the order's status follows) and inventory (shipped units leave the shelf).
 * Null when another advance changed the shipment first.
 */
async function advanceOnce(tx: ShippingTx, orderId: string, headers: MessageHeaders): Promise<Shipment | null> {
  const shipment = await findShipmentByOrderId(tx, orderId);
  if (!shipment) throw noShipment();
  const next = advanceOf(shipment);
  const advanced = await changeShipmentIf(tx, shipment.id, shipment.status, next);
  if (!advanced) return null;
  // The carrier and tracking number travel with the event, so the customer's notification can name them.
  const event = { orderId: advanced.orderId, shipmentId: advanced.id, status: next.status, carrier: advanced.carrier, trackingNumber: advanced.trackingNumber };
  await enqueue(tx, [shopMessage("ShipmentStatusChanged", event, headers)]);
  return advanced;
}

export function createShipmentProgressService(prisma: ShippingPrisma) {
  return {
    /** With an idempotency key, a retry answers the first call's shipment and moves it no further (see advanceOnceByKey). */
    async advance(caller: Caller | null, orderId: string, requestId: string, idempotencyKey?: string | null): Promise<Shipment> {
      const admin = requireAdmin(caller);
      const key = readIdempotencyKey(idempotencyKey);
      if (!isUuid(orderId)) throw noShipment();
      const headers = messageHeaders({ requestId });
      const step = (tx: ShippingTx) => advanceOnce(tx, orderId, headers);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        const advanced = key === null ? await prisma.$transaction(step) : await advanceOnceByKey(prisma, { callerId: admin.userId, key, orderId }, step);
        if (advanced) return advanced;
      }
      throw new Error(`shipment of order ${orderId} kept changing during ${MAX_ATTEMPTS} attempts to advance it`);
    },
  };
}

export type ShipmentProgressService = ReturnType<typeof createShipmentProgressService>;
