import type { MutationResolvers } from "../generated/graphql";

export const Mutation: MutationResolvers = {
  advanceShipment: (_parent, { orderId, idempotencyKey }, { caller, requestId, shipmentProgress }) =>
    shipmentProgress.advance(caller, orderId, requestId, idempotencyKey),
};
