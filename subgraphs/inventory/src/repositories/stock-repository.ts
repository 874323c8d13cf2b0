import type { StockLevel } from "../../../../prisma/inventory/generated/client";
import { isUuid } from "../../../../packages/ids";
import type { StockQuantities } from "../domain/stock-level";
import type { InventoryPrisma } from "./prisma-client";

export type { StockLevel };

export interface InitialStock {
  productId: string;
  onHand: number;
}

export function createStockRepository(prisma: InventoryPrisma) {
  return {
    /** Ids that are not UUIDs can have no row; leaving them out keeps them from failing the uuid cast. */
    async findByProductIds(productIds: readonly string[]): Promise<StockLevel[]> {
      const ids = productIds.filter(isUuid);
      if (ids.length === 0) return [];
      return prisma.stockLevel.findMany({ where: { productId: { in: ids } } });
    },

    /**
     * Adds units in one statement, so concurrent restocks never lose an update, whether or not the row
     * exists yet: the insert and the increment are decided by PostgreSQL under the row's lock.
     * Returns null, changing nothing, when on_hand would pass `maxOnHand`.
     */
    async addOnHand(productId: string, quantity: number, maxOnHand: number): Promise<StockQuantities | null> {
      const rows = await prisma.$queryRaw<StockQuantities[]>`
        INSERT INTO stock_levels (product_id, on_hand, reserved, updated_at)
        VALUES (${productId}::uuid, ${quantity}, 0, now())
        ON CONFLICT (product_id) DO UPDATE
          SET on_hand = stock_levels.on_hand + EXCLUDED.on_hand, updated_at = now()
          WHERE stock_levels.on_hand <= ${maxOnHand} - EXCLUDED.on_hand
        RETURNING on_hand AS "onHand", reserved`;
      return rows[0] ?? null;
    },

    /** Creates rows for products that have none; rows that exist keep their quantities. */
    async ensureStock(stock: readonly InitialStock[]): Promise<number> {
      const { count } = await prisma.stockLevel.createMany({ data: [...stock], skipDuplicates: true });
      return count;
    },
  };
}

export type StockRepository = ReturnType<typeof createStockRepository>;
