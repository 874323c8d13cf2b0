import type { ReservationLine, ReservationStatus } from "../domain/reservation";
import type { StockQuantities } from "../domain/stock-level";
import type { InventoryPrisma, InventoryTx } from "./prisma-client";

/**
 * Stock reservations of the checkout saga. Every function runs inside the caller's transaction (the
 * one that also records the message as processed and writes the reply), and stock rows are always
 * locked in product id order, so concurrent reservations never deadlock.
 */

/** Locks the products' stock rows until the transaction ends; products without a row are absent. */
export async function lockStock(tx: InventoryTx, productIds: readonly string[]): Promise<Map<string, StockQuantities>> {
  const rows = await tx.$queryRaw<Array<StockQuantities & { productId: string }>>`
    SELECT product_id::text AS "productId", on_hand AS "onHand", reserved FROM stock_levels
     WHERE product_id = ANY(${productIds}::uuid[]) ORDER BY product_id FOR UPDATE`;
  return new Map(rows.map(({ productId, onHand, reserved }) => [productId, { onHand, reserved }]));
}

export async function reservationStatuses(tx: InventoryTx, orderId: string): Promise<ReservationStatus[]> {
  const rows = await tx.$queryRaw<Array<{ status: ReservationStatus }>>`
    SELECT status::text AS status FROM stock_reservations WHERE order_id = ${orderId}::uuid`;
  return rows.map((row) => row.status);
}

/**
 * Holds the lines' units and records the reservations, in one statement. The increment is conditional
 * on availability (the CHECK on stock_levels stands behind it): should any line not fit after all, the
 * caller's transaction is rolled back and nothing is held.
 */
export async function reserveLines(tx: InventoryTx, orderId: string, lines: readonly ReservationLine[]): Promise<void> {
  const productIds = lines.map((line) => line.productId);
  const quantities = lines.map((line) => line.quantity);
  const [result] = await tx.$queryRaw<Array<{ held: number }>>`
    WITH line AS (SELECT * FROM unnest(${productIds}::uuid[], ${quantities}::int[]) AS line(product_id, quantity)),
    held AS (
      UPDATE stock_levels AS stock SET reserved = stock.reserved + line.quantity, updated_at = now()
        FROM line WHERE stock.product_id = line.product_id AND stock.on_hand - stock.reserved >= line.quantity
      RETURNING stock.product_id),
    recorded AS (INSERT INTO stock_reservations (order_id, product_id, quantity) SELECT ${orderId}::uuid, product_id, quantity FROM line)
    SELECT count(*)::int AS held FROM held`;
  // Throwing rolls the whole transaction back: the message is retried, never half reserved.
  if (result?.held !== lines.length) throw new Error(`order ${orderId}: only ${result?.held ?? 0} of ${lines.length} lines could be reserved`);
}

/** Locks the stock rows of the order's RESERVED reservations, in product order, before they move. */
async function lockReservedStock(tx: InventoryTx, orderId: string): Promise<void> {
  await tx.$queryRaw`
    SELECT product_id FROM stock_levels
     WHERE product_id IN (SELECT product_id FROM stock_reservations WHERE order_id = ${orderId}::uuid AND status = 'RESERVED')
     ORDER BY product_id FOR UPDATE`;
}

/** RESERVED -> RELEASED, and the units go back on sale. Returns how many reservations moved. */
export async function releaseReservations(tx: InventoryTx, orderId: string): Promise<number> {
  await lockReservedStock(tx, orderId);
  return tx.$executeRaw`
    WITH moved AS (
      UPDATE stock_reservations SET status = 'RELEASED', updated_at = now()
       WHERE order_id = ${orderId}::uuid AND status = 'RESERVED' RETURNING product_id, quantity)
    UPDATE stock_levels AS stock SET reserved = stock.reserved - moved.quantity, updated_at = now()
      FROM moved WHERE stock.product_id = moved.product_id`;
}

/** RESERVED -> COMMITTED: the held units leave the shelf (on hand and reserved both drop). */
export async function commitReservations(tx: InventoryTx, orderId: string): Promise<number> {
  await lockReservedStock(tx, orderId);
  return tx.$executeRaw`
    WITH moved AS (
      UPDATE stock_reservations SET status = 'COMMITTED', updated_at = now()
       WHERE order_id = ${orderId}::uuid AND status = 'RESERVED' RETURNING product_id, quantity)
    UPDATE stock_levels AS stock
       SET on_hand = stock.on_hand - moved.quantity, reserved = stock.reserved - moved.quantity, updated_at = now()
      FROM moved WHERE stock.product_id = moved.product_id`;
}

/** The products the orders' reservations hold or held, whatever their status (what a batch of them touched). */
export async function productsOfOrders(prisma: InventoryPrisma, orderIds: readonly string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await prisma.$queryRaw<Array<{ productId: string }>>`
    SELECT DISTINCT product_id::text AS "productId" FROM stock_reservations WHERE order_id = ANY(${orderIds}::uuid[])`;
  return rows.map((row) => row.productId);
}
