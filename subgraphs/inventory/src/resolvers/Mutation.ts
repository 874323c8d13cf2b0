import type { MutationResolvers } from "../generated/graphql";

export const Mutation: MutationResolvers = {
  restock: (_parent, { productId, quantity }, { caller, restocking }) => restocking.restock(caller, { productId, quantity }),
};
