import type { ReservationLine } from "./reservation";
import { inventoryLevelOf, type StockQuantities } from "./stock-level";

/** Admins hear about a product when its available stock falls under this many units (LOW_STOCK_THRESHOLD). */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

export interface LowStockCrossing {
  productId: string;
  available: number;
  threshold: number;
}

/**
 * The products a reservation takes from at or above the threshold to below it: each crossing is told
 * once, not every reservation under the threshold (admins would drown in repeats), and again only after
 * stock rose back to the threshold and fell once more. A threshold of 0 turns the alert off.
 * Reservations are the only change that lowers available stock: a shipment takes units that were
 * already reserved, releases and restocks raise it.
 */
export function lowStockCrossings(
  lines: readonly ReservationLine[],
  before: ReadonlyMap<string, StockQuantities>,
  threshold: number,
): LowStockCrossing[] {
  return lines.flatMap(({ productId, quantity }) => {
    const was = inventoryLevelOf(before.get(productId) ?? null).available;
    const now = was - quantity;
    return was >= threshold && now < threshold ? [{ productId, available: now, threshold }] : [];
  });
}
