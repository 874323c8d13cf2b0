/** graphql-codegen mappers: the model each GraphQL type's resolvers receive (paths from src/generated/). */
const prismaModels = "../../../../prisma/orders/generated/client";
// An order is read with its saga, steps and events in one statement (one moment of it).
const snapshots = "../repositories/order-snapshots";

export const mappers: Record<string, string> = {
  Order: `${snapshots}#OrderSnapshot`,
  OrderItem: `${prismaModels}#OrderItem as OrderItemModel`,
  OrderEvent: `${snapshots}#OrderEventSnapshot`,
  CheckoutSaga: `${snapshots}#SagaSnapshot`,
  SagaStep: `${snapshots}#SagaStepSnapshot`,
  // A cart as stored, plus the shipping cost a query plan hands over for total (@requires).
  Cart: "../resolvers/cart-parent#CartParent",
  // A line at the catalogue's current price, computed on every read.
  CartLine: "../domain/cart-pricing#PricedCartLine",
  // Users are owned by the users subgraph: here a user is only its id, and `orders` is resolved from it.
  User: "../resolvers/references#UserReference",
};
