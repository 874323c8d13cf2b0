import type { StockLevel } from "../../../../prisma/inventory/generated/client";
import { isUuid } from "../../../../packages/ids";
import type { InventoryPrisma } from "./prisma-client";
import { addOnHand, restockOnce, type KeyedRestock } from "./restock-repository";

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

    addOnHand: (productId: string, quantity: number, maxOnHand: number) => addOnHand(prisma, productId, quantity, maxOnHand),

    restockOnce: (restock: KeyedRestock, maxOnHand: number, onLimit: () => Error) => restockOnce(prisma, restock, maxOnHand, onLimit),

    /** Creates rows for products that have none; rows that exist keep their quantities. */
    async ensureStock(stock: readonly InitialStock[]): Promise<number> {
      const { count } = await prisma.stockLevel.createMany({ data: [...stock], skipDuplicates: true });
      return count;
    },
  };
}

export type StockRepository = ReturnType<typeof createStockRepository>;
