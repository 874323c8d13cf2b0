import { inventoryLevelOf, isInStock } from "../domain/stock-level";
import type { ProductResolvers } from "../generated/graphql";

export const Product: ProductResolvers = {
  // Inventory does not own products: any id is a product whose stock may be asked for.
  __resolveReference: ({ id }) => ({ id }),
  inventory: async ({ id }, _args, { loaders }) => inventoryLevelOf(await loaders.stockByProductId.load(id)),
  inStock: async ({ id }, _args, { loaders }) => isInStock(inventoryLevelOf(await loaders.stockByProductId.load(id))),
};
