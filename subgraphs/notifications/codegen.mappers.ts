/** graphql-codegen mappers: the model each GraphQL type's resolvers receive (paths from src/generated/). */
export const mappers: Record<string, string> = {
  User: "../domain/entity-references#UserReference",
  Order: "../domain/entity-references#OrderReference",
  Product: "../domain/entity-references#ProductReference",
  Notification: "../../../../prisma/notifications/generated/client#Notification as NotificationModel",
};
