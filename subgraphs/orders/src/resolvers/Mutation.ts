import type { MutationResolvers } from "../generated/graphql";

export const Mutation: MutationResolvers = {
  placeOrder: (_parent, { input }, { caller, checkout, messageHeaders }) => checkout.placeOrder(caller, input, messageHeaders),
  cancelOrder: (_parent, { id }, { caller, checkout, messageHeaders }) => checkout.cancelOrder(caller, id, messageHeaders),
};
