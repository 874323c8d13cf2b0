import type { CategoryResolvers } from "../generated/graphql";

export const Category: CategoryResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.categoryById.load(id),
  products: (category, { first, after }, { catalogue }) =>
    catalogue.listProducts({ criteria: { categoryId: category.id }, sort: "NEWEST", first, after }),
};
