import type { CheckoutSagaResolvers } from "../generated/graphql";

export const CheckoutSaga: CheckoutSagaResolvers = {
  steps: (saga, _args, { loaders }) => loaders.stepsByOrderId.load(saga.orderId),
};
