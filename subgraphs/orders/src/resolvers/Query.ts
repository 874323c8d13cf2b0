import { orderPageRequest, toOrderConnection } from "../domain/order-pagination";
import { requireAdmin, requireSignedIn } from "../domain/visibility";
import type { QueryResolvers } from "../generated/graphql";
import { loadVisibleOrder } from "./visible-order";

export const Query: QueryResolvers = {
  order: (_parent, { id }, context) => {
    requireSignedIn(context.caller);
    return loadVisibleOrder(id, context);
  },

  cart: (_parent, { id }, { caller, carts }) => carts.cartFor(caller, id),

  orders: async (_parent, { status, first, after }, { caller, orders, loaders }) => {
    requireAdmin(caller);
    const page = orderPageRequest(first, after);
    const { rowsWithLookahead, totalCount } = await orders.listOrders({ status: status ?? null }, page);
    return toOrderConnection(await loaders.asSeenInRequest(rowsWithLookahead), page.first, totalCount);
  },
};
