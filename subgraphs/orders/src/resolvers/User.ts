import { canonicalUuid, isUuid } from "../../../../packages/ids";
import { orderPageRequest, toOrderConnection } from "../domain/order-pagination";
import { requireOwnerOrAdmin } from "../domain/visibility";
import type { UserResolvers } from "../generated/graphql";
import type { OrderSnapshot } from "../repositories/order-repository";

export const User: UserResolvers = {
  // The users subgraph owns users; here a user is its id, in the form the orders table stores.
  __resolveReference: ({ id }) => ({ id: canonicalUuid(id) ?? id }),

  orders: (user, { first, after }, { caller, loaders }) => {
    requireOwnerOrAdmin(caller, user.id);
    const page = orderPageRequest(first, after);
    // A user id that is not a UUID has no orders here; it is never sent to the database.
    if (!isUuid(user.id)) return toOrderConnection<OrderSnapshot>([], page.first, 0);
    return loaders.ordersOfUser.load({ userId: user.id, ...page });
  },
};
