import { inventoryLevelOf, type StockQuantities } from "./stock-level";

/**
 * The checkout saga's stock rules: an order's lines are reserved all together or not at all, and an
 * order reserves once, however often its ReserveStock arrives.
 */
export interface ReservationLine {
  productId: string;
  quantity: number;
}

export type ReservationStatus = "RESERVED" | "RELEASED" | "COMMITTED";

export type ReservationOutcome = { reserved: true } | { reserved: false; reason: string };

/**
 * One line per product (the reservation's key is order + product), ids in their canonical lower-case
 * form and sorted, so stock rows are always locked in the same order.
 */
export function mergeLines(lines: readonly ReservationLine[]): ReservationLine[] {
  const quantities = new Map<string, number>();
  for (const { productId, quantity } of lines) {
    const id = productId.toLowerCase();
    quantities.set(id, (quantities.get(id) ?? 0) + quantity);
  }
  return [...quantities]
    .map(([productId, quantity]) => ({ productId, quantity }))
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}

/** Reserve when every line is available (a product without stock has none); else name every short line. */
export function decideReservation(lines: readonly ReservationLine[], stock: ReadonlyMap<string, StockQuantities>): ReservationOutcome {
  const shortages = lines.flatMap(({ productId, quantity }) => {
    const { available } = inventoryLevelOf(stock.get(productId) ?? null);
    return available >= quantity ? [] : [`not enough stock for ${productId}: ${available} available, ${quantity} asked`];
  });
  return shortages.length === 0 ? { reserved: true } : { reserved: false, reason: shortages.join("; ") };
}

/**
 * What a ReserveStock answers when the order already has reservations: the stock it holds (or that left
 * with its shipment) is the earlier answer; released stock is not held again. Null: nothing was reserved
 * before, so the command is decided now.
 */
export function earlierOutcome(statuses: readonly ReservationStatus[]): ReservationOutcome | null {
  if (statuses.length === 0) return null;
  if (statuses.some((status) => status !== "RELEASED")) return { reserved: true };
  return { reserved: false, reason: "the stock reserved for this order was already released" };
}

/** Units leave the shelf when the shipment does; later shipment statuses change no stock. */
export function shipmentTakesStock(status: string): boolean {
  return status === "SHIPPED";
}
