import type { OrderResolvers } from "../generated/graphql";

export const Order: OrderResolvers = {
  // Shipping does not own orders; an order without a shipment simply answers null below.
  __resolveReference: ({ id }) => ({ id }),
  shipment: ({ id }, _args, { loaders }) => loaders.shipmentByOrderId.load(id),
};
