import type { Caller } from "../../../../packages/identity";
import { readIdempotencyKey } from "../../../../packages/idempotency";
import { requireAdmin } from "../domain/authorization";
import { MAX_ON_HAND, onHandLimitReached, validateRestock, type RestockRequest } from "../domain/restock";
import { inventoryLevelOf, type InventoryLevel } from "../domain/stock-level";
import type { StockRepository } from "../repositories/stock-repository";

/**
 * Restocking: who may, what is valid, then one atomic increment. `changed` runs after it commits, before
 * it is answered: it invalidates the gateway's cached stock levels.
 */
export function createRestockService(stock: StockRepository, changed: (entities: { Product: string[] }) => Promise<void>) {
  return {
    /** With an idempotency key, a retry answers the first call's level and adds nothing (see restockOnce). */
    async restock(caller: Caller | null, request: RestockRequest, idempotencyKey?: string | null): Promise<InventoryLevel> {
      const admin = requireAdmin(caller);
      const { productId, quantity } = validateRestock(request);
      const key = readIdempotencyKey(idempotencyKey);
      if (key !== null) {
        const level = inventoryLevelOf(await stock.restockOnce({ callerId: admin.userId, key, productId, quantity }, MAX_ON_HAND, onHandLimitReached));
        await changed({ Product: [productId.toLowerCase()] });
        return level;
      }
      const updated = await stock.addOnHand(productId, quantity, MAX_ON_HAND);
      if (!updated) throw onHandLimitReached();
      await changed({ Product: [productId.toLowerCase()] });
      return inventoryLevelOf(updated);
    },
  };
}

export type RestockService = ReturnType<typeof createRestockService>;
