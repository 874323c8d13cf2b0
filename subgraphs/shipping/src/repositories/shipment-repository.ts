import type { Shipment } from "../../../../prisma/shipping/generated/client";
import { isUuid } from "../../../../packages/ids";
import type { ShipmentAdvance, ShipmentStatus } from "../domain/shipment-progress";
import type { ShippingPrisma, ShippingTx } from "./prisma-client";

export type { Shipment };

/** The client itself or an open transaction: the saga's handlers write inside handleOnce's transaction. */
export type ShippingDb = Pick<ShippingTx, "shipment" | "$queryRaw">;

export interface ShipmentAddress {
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
}

export interface NewShipment {
  orderId: string;
  address: ShipmentAddress;
  estimatedDelivery?: Date | null;
}

/**
 * One shipment per order, however often this is called: the saga delivers its command at least once.
 * The unique order_id decides races (ON CONFLICT DO NOTHING, which also works inside a transaction,
 * where a failed insert would abort it); a repeat returns the first shipment's id, whatever has happened
 * to it since. One statement unless the order had a shipment already.
 */
export async function createShipment(db: ShippingDb, { orderId, address, estimatedDelivery = null }: NewShipment): Promise<Pick<Shipment, "id">> {
  const [created] = await db.$queryRaw<Array<{ id: string }>>`
    INSERT INTO shipments (id, order_id, line1, line2, city, postal_code, country, estimated_delivery)
    VALUES (gen_random_uuid(), ${orderId}::uuid, ${address.line1}, ${address.line2 ?? null}, ${address.city}, ${address.postalCode}, ${address.country}, ${estimatedDelivery}::timestamptz)
    ON CONFLICT (order_id) DO NOTHING RETURNING id::text AS id`;
  // A second statement, not a UNION in the first: a row committed while the INSERT waited for it is not
  // in the first statement's snapshot.
  return created ?? db.shipment.findUniqueOrThrow({ where: { orderId }, select: { id: true } });
}

export function findShipmentByOrderId(db: ShippingDb, orderId: string): Promise<Shipment | null> {
  return db.shipment.findUnique({ where: { orderId } });
}

/**
 * Applies the change only while the shipment is still in status `from`: of two concurrent changes one
 * wins and the other gets null, so no status is ever skipped or overwritten.
 */
export async function changeShipmentIf(db: ShippingDb, shipmentId: string, from: ShipmentStatus, change: ShipmentAdvance): Promise<Shipment | null> {
  const [changed] = await db.shipment.updateManyAndReturn({ where: { id: shipmentId, status: from }, data: change });
  return changed ?? null;
}

/** PENDING -> CANCELLED; false when the order has no pending shipment (none, cancelled, or already left). */
export async function cancelPendingShipment(db: ShippingDb, orderId: string): Promise<boolean> {
  const { count } = await db.shipment.updateMany({ where: { orderId, status: "PENDING" }, data: { status: "CANCELLED" } });
  return count === 1;
}

export function createShipmentRepository(prisma: ShippingPrisma) {
  return {
    /** Ids that are not UUIDs can have no row; leaving them out keeps them from failing the uuid cast. */
    async findByIds(ids: readonly string[]): Promise<Shipment[]> {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      return prisma.shipment.findMany({ where: { id: { in: valid } } });
    },

    async findByOrderIds(orderIds: readonly string[]): Promise<Shipment[]> {
      const valid = orderIds.filter(isUuid);
      if (valid.length === 0) return [];
      return prisma.shipment.findMany({ where: { orderId: { in: valid } } });
    },

    createShipment: (shipment: NewShipment) => createShipment(prisma, shipment),
  };
}

export type ShipmentRepository = ReturnType<typeof createShipmentRepository>;
