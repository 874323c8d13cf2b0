import { estimateShipping } from "../domain/shipping-estimate";
import type { CartResolvers } from "../generated/graphql";

export const Cart: CartResolvers = {
  // The representation carries weightGrams and postalCode (@requires): pricing needs nothing else.
  __resolveReference: (reference) => reference,
  shippingCost: ({ id, weightGrams, postalCode, itemCount }) => {
    // No destination yet, or nothing to send: no shipping to charge.
    if (postalCode == null || itemCount === 0) return null;
    // Only a query plan that skipped @requires could get here without it: a bug, not user input.
    if (weightGrams == null) throw new Error(`weightGrams missing from the representation of cart ${id}`);
    // The whole cart ships as one parcel: its total weight, by the same rates as one product.
    return estimateShipping(weightGrams, postalCode);
  },
};
