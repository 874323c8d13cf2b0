import { money } from "../../../../packages/money";
import type { PaymentResolvers } from "../generated/graphql";

export const Payment: PaymentResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.paymentById.load(id),
  amount: (payment) => money(payment.amountCents, payment.currency),
};
