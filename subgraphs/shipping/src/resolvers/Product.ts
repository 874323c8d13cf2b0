import { estimateShipping } from "../domain/shipping-estimate";
import type { ProductResolvers } from "../generated/graphql";

export const Product: ProductResolvers = {
  // The representation already carries weightGrams (@requires); keep it for shippingEstimate.
  __resolveReference: (reference) => reference,
  shippingEstimate: ({ id, weightGrams }, { postalCode }) => {
    // Only a query plan that skipped @requires could get here without it: a bug, not user input.
    if (weightGrams == null) throw new Error(`weightGrams missing from the representation of product ${id}`);
    return estimateShipping(weightGrams, postalCode);
  },
};
