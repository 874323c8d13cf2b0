import { BadUserInputError } from "../../../../packages/errors";

/**
 * How a shipment moves: PENDING -> SHIPPED -> IN_TRANSIT -> DELIVERED, one step per advance, or
 * PENDING -> CANCELLED when its order is cancelled. Nothing comes after DELIVERED or CANCELLED.
 */
export type ShipmentStatus = "PENDING" | "SHIPPED" | "IN_TRANSIT" | "DELIVERED" | "CANCELLED";

/** Where an advance can take a shipment. */
export type AdvancedStatus = "SHIPPED" | "IN_TRANSIT" | "DELIVERED";

const NEXT_STATUS: Partial<Record<ShipmentStatus, AdvancedStatus>> = { PENDING: "SHIPPED", SHIPPED: "IN_TRANSIT", IN_TRANSIT: "DELIVERED" };

export const CARRIER = "DHL";
export const DELIVERY_DAYS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ShipmentAdvance {
  status: AdvancedStatus;
  carrier?: string;
  trackingNumber?: string;
}

/** The next step of a shipment; the carrier and tracking number are set when it ships. */
export function advanceOf(shipment: { id: string; status: ShipmentStatus }): ShipmentAdvance {
  if (shipment.status === "CANCELLED") throw new BadUserInputError("This shipment was cancelled and cannot be advanced", "orderId");
  const next = NEXT_STATUS[shipment.status];
  if (!next) throw new BadUserInputError("This shipment was already delivered; there is no status after DELIVERED", "orderId");
  return next === "SHIPPED" ? { status: next, carrier: CARRIER, trackingNumber: trackingNumberFor(shipment.id) } : { status: next };
}

/** A carrier-style tracking number derived from the shipment id: the same shipment always gets the same one. */
export function trackingNumberFor(shipmentId: string): string {
  const digits = (BigInt(`0x${shipmentId.replace(/-/g, "")}`) % 10n ** 16n).toString().padStart(16, "0");
  return `JJD${digits}`;
}

export function estimatedDeliveryFrom(now: Date): Date {
  return new Date(now.getTime() + DELIVERY_DAYS * DAY_MS);
}

/** A shipment that has shipped (or got further) cannot be called back by cancelling its order. */
export function hasLeft(status: ShipmentStatus): boolean {
  return status === "SHIPPED" || status === "IN_TRANSIT" || status === "DELIVERED";
}
