import type { MutationResolvers } from "../generated/graphql";

export const Mutation: MutationResolvers = {
  createProduct: (_parent, { input }, { caller, catalogue }) => catalogue.createProduct(caller, input),
  updateProduct: (_parent, { id, input }, { caller, catalogue }) => catalogue.updateProduct(caller, id, input),
};
