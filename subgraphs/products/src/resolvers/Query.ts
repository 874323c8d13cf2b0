import { validateProductFilter } from "../domain/product-filter";
import type { QueryResolvers } from "../generated/graphql";

export const Query: QueryResolvers = {
  product: (_parent, { id }, { loaders }) => loaders.productById.load(id),
  // An explicit `sort: null` skips GraphQL's default, so the default is applied again here.
  products: (_parent, { filter, sort, first, after }, { catalogue }) =>
    catalogue.listProducts({ criteria: validateProductFilter(filter), sort: sort ?? "NEWEST", first, after }),
  categories: (_parent, _args, { catalogue }) => catalogue.listCategories(),
};
