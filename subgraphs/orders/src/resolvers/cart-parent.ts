import type { CartRecord } from "../repositories/cart-repository";

/**
 * What Cart's resolvers receive: the stored cart, and, when a query plan resolves `total`, the shipping
 * cost the shipping subgraph computed (Cart.total @requires it; null until a postal code is set).
 */
export type CartParent = CartRecord & { shippingCost?: { cents: number; currency: string } | null };

/**
 * graphql-codegen's federation typing gives every field of an entity with a @requires field the
 * reference's shape ({ id } and the required fields) as its parent, although the parent is what
 * __resolveReference or Query.cart returned: a CartParent. This says so in one place.
 */
export function asCartParent(parent: { id: string }): CartParent {
  return parent as CartParent;
}
