import type { OrderResolvers } from "../generated/graphql";

export const Order: OrderResolvers = {
  // The orders subgraph owns orders; here an order is only the key its payment hangs off.
  __resolveReference: (reference) => ({ id: reference.id }),
  payment: (order, _args, { loaders }) => loaders.paymentByOrderId.load(order.id),
};
