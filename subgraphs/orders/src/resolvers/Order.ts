import { money } from "../../../../packages/money";
import type { OrderResolvers } from "../generated/graphql";
import { shippingAddressOf } from "../repositories/address-columns";
import { loadVisibleOrder } from "./visible-order";

export const Order: OrderResolvers = {
  // Other subgraphs hand out Order references (a notification's order): the caller must still own it.
  __resolveReference: ({ id }, context) => loadVisibleOrder(id, context),
  user: (order) => ({ id: order.userId }),
  items: (order, _args, { loaders }) => loaders.itemsByOrderId.load(order.id),
  subtotal: (order) => money(order.subtotalCents, order.currency),
  shippingCost: (order) => money(order.shippingCents, order.currency),
  total: (order) => money(order.totalCents, order.currency),
  shippingAddress: (order) => shippingAddressOf(order),
  // The order, its events and its saga were read together (one snapshot): never loaded apart.
  events: (order) => order.events,
  saga: (order) => {
    // Every order is written with its saga in one transaction; a missing one is a bug, not a client error.
    if (!order.saga) throw new Error(`order ${order.id} has no checkout saga`);
    return order.saga;
  },
};
