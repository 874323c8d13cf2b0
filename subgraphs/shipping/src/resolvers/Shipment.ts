import type { ShipmentResolvers } from "../generated/graphql";

export const Shipment: ShipmentResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.shipmentById.load(id),
  address: ({ line1, line2, city, postalCode, country }) => ({ line1, line2, city, postalCode, country }),
};
