/** graphql-codegen mappers: the model each GraphQL type's resolvers receive (paths from src/generated/). */
export const mappers: Record<string, string> = {
  Order: "../domain/order-reference#OrderReference",
  Payment: "../../../../prisma/payments/generated/client#Payment as PaymentModel",
};
