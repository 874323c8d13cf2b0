import { money } from "../../../../packages/money";
import type { ProductResolvers } from "../generated/graphql";

export const Product: ProductResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.productById.load(id),
  price: (product) => money(product.priceCents, product.currency),
  category: async (product, _args, { loaders }) => {
    const category = await loaders.categoryById.load(product.categoryId);
    // The foreign key makes this impossible; if it happens, it is an internal error, not a client's.
    if (!category) throw new Error(`category ${product.categoryId} of product ${product.id} is missing`);
    return category;
  },
};
