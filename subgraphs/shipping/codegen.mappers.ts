/** graphql-codegen mappers: the model each GraphQL type's resolvers receive (paths from src/generated/). */
export const mappers: Record<string, string> = {
  // Shipping owns neither products nor orders: their resolvers receive federation references.
  Product: "../domain/references#ProductReference",
  Order: "../domain/references#OrderReference",
  Cart: "../domain/references#CartReference",
  Shipment: "../../../../prisma/shipping/generated/client#Shipment as ShipmentModel",
};
