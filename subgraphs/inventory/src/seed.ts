import { DEMO_PRODUCTS } from "../../../packages/demo-catalogue";
import type { InventoryPrisma } from "./repositories/prisma-client";
import { createStockRepository } from "./repositories/stock-repository";

/**
 * Gives every demo product its starting stock, once: products that already have a row keep it, so
 * running the seed again never resets stock that orders or restocks have moved since.
 */
export async function seedDemoStock(prisma: InventoryPrisma): Promise<void> {
  await createStockRepository(prisma).ensureStock(DEMO_PRODUCTS.map((product) => ({ productId: product.id, onHand: product.stock })));
}
