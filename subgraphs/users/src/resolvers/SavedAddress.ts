import type { SavedAddressResolvers } from "../generated/graphql";

/** A saved address keeps its parts in columns of its own row; the API nests them as an Address. */
export const SavedAddress: SavedAddressResolvers = {
  address: ({ line1, line2, city, postalCode, country }) => ({ line1, line2, city, postalCode, country }),
};
