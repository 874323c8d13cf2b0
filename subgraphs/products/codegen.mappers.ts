/** graphql-codegen mappers: the model each GraphQL type's resolvers receive (paths from src/generated/). */
export const mappers: Record<string, string> = {
  Product: "../../../../prisma/products/generated/client#Product as ProductModel",
  Category: "../../../../prisma/products/generated/client#Category as CategoryModel",
};
