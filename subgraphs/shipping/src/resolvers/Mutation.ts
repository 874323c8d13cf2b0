import type { MutationResolvers } from "../generated/graphql";

export const Mutation: MutationResolvers = {
  advanceShipment: (_parent, { orderId }, { caller, requestId, shipmentProgress }) => shipmentProgress.advance(caller, orderId, requestId),
};
