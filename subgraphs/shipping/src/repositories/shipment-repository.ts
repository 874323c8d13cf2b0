import { Prisma, type Shipment } from "../../../../prisma/shipping/generated/client";
import { isUuid } from "../../../../packages/ids";
import type { ShippingPrisma } from "./prisma-client";

export type { Shipment };

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
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
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

    /**
     * One shipment per order, however often this is called: the saga delivers its command at least
     * once. The unique order_id decides races; the loser returns the winner's shipment, and a repeat
     * keeps the first call's address.
     */
    async createShipment({ orderId, address }: NewShipment): Promise<Shipment> {
      const existing = await prisma.shipment.findUnique({ where: { orderId } });
      if (existing) return existing;
      try {
        return await prisma.shipment.create({ data: { orderId, ...address } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return prisma.shipment.findUniqueOrThrow({ where: { orderId } });
      }
    },
  };
}

export type ShipmentRepository = ReturnType<typeof createShipmentRepository>;
