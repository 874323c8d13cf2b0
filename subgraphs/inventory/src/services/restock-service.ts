import type { Caller } from "../../../../packages/identity";
import { requireAdmin } from "../domain/authorization";
import { MAX_ON_HAND, onHandLimitReached, validateRestock, type RestockRequest } from "../domain/restock";
import { inventoryLevelOf, type InventoryLevel } from "../domain/stock-level";
import type { StockRepository } from "../repositories/stock-repository";

/** Restocking: who may, what is valid, then one atomic increment. */
export function createRestockService(stock: StockRepository) {
  return {
    async restock(caller: Caller | null, request: RestockRequest): Promise<InventoryLevel> {
      requireAdmin(caller);
      const { productId, quantity } = validateRestock(request);
      const updated = await stock.addOnHand(productId, quantity, MAX_ON_HAND);
      if (!updated) throw onHandLimitReached();
      return inventoryLevelOf(updated);
    },
  };
}

export type RestockService = ReturnType<typeof createRestockService>;
