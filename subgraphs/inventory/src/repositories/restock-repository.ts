import { runOnceByKey } from "../../../../packages/idempotency";
import type { StockQuantities } from "../domain/stock-level";
import type { InventoryPrisma, InventoryTx } from "./prisma-client";

/** Where restock keys are stored in idempotency_keys. */
const RESTOCK_OPERATION = "restock";

export interface KeyedRestock {
  callerId: string;
  key: string;
  productId: string;
  quantity: number;
}

/**
 * Adds units in one statement, so concurrent restocks never lose an update, whether or not the row
 * exists yet: the insert and the increment are decided by PostgreSQL under the row's lock.
 * Returns null, changing nothing, when on_hand would pass `maxOnHand`.
 */
export async function addOnHand(db: InventoryPrisma | InventoryTx, productId: string, quantity: number, maxOnHand: number): Promise<StockQuantities | null> {
  const rows = await db.$queryRaw<StockQuantities[]>`
    INSERT INTO stock_levels (product_id, on_hand, reserved, updated_at)
    VALUES (${productId}::uuid, ${quantity}, 0, now())
    ON CONFLICT (product_id) DO UPDATE
      SET on_hand = stock_levels.on_hand + EXCLUDED.on_hand, updated_at = now()
      WHERE stock_levels.on_hand <= ${maxOnHand} - EXCLUDED.on_hand
    RETURNING on_hand AS "onHand", reserved`;
  return rows[0] ?? null;
}

/**
 * A restock under the admin's idempotency key: applied once, the stock it left stored with the key,
 * and that same stock answered to every retry (see runOnceByKey). `onLimit` is thrown, rolling the key
 * back too, when on_hand would pass `maxOnHand`.
 */
export function restockOnce(prisma: InventoryPrisma, restock: KeyedRestock, maxOnHand: number, onLimit: () => Error): Promise<StockQuantities> {
  const { callerId, key, productId, quantity } = restock;
  return runOnceByKey(prisma, { callerId, operation: RESTOCK_OPERATION, key, request: { productId: productId.toLowerCase(), quantity } }, async (tx) => {
    const updated = await addOnHand(tx, productId, quantity, maxOnHand);
    if (!updated) throw onLimit();
    return { onHand: updated.onHand, reserved: updated.reserved };
  });
}
