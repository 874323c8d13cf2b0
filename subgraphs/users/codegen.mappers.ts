/** graphql-codegen mappers: the model each GraphQL type's resolvers receive (paths from src/generated/). */
export const mappers: Record<string, string> = {
  User: "../../../../prisma/users/generated/client#User as UserModel",
  SavedAddress: "../../../../prisma/users/generated/client#SavedAddress as SavedAddressModel",
};
