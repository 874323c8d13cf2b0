import type { MutationResolvers } from "../generated/graphql";

export const Mutation: MutationResolvers = {
  restock: (_parent, { productId, quantity, idempotencyKey }, { caller, restocking }) =>
    restocking.restock(caller, { productId, quantity }, idempotencyKey),
};
