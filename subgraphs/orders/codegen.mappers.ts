/** graphql-codegen mappers: the model each GraphQL type's resolvers receive (paths from src/generated/). */
const prismaModels = "../../../../prisma/orders/generated/client";

export const mappers: Record<string, string> = {
  Order: `${prismaModels}#Order as OrderModel`,
  OrderItem: `${prismaModels}#OrderItem as OrderItemModel`,
  OrderEvent: `${prismaModels}#OrderEvent as OrderEventModel`,
  CheckoutSaga: `${prismaModels}#CheckoutSaga as CheckoutSagaModel`,
  SagaStep: `${prismaModels}#SagaStep as SagaStepModel`,
  // Users are owned by the users subgraph: here a user is only its id, and `orders` is resolved from it.
  User: "../resolvers/references#UserReference",
};
