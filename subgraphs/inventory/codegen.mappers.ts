/** graphql-codegen mappers: the model each GraphQL type's resolvers receive (paths from src/generated/). */
export const mappers: Record<string, string> = {
  // Inventory does not own products: its Product resolvers receive the federation reference only.
  Product: "../domain/stock-level#ProductReference",
};
