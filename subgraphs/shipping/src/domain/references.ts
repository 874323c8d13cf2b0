/**
 * A product as shipping sees it. `weightGrams` is @external with @requires: the gateway fetches it
 * from the products subgraph and sends it in the representation before shippingEstimate runs.
 */
export interface ProductReference {
  id: string;
  weightGrams?: number | null;
}

/** An order as shipping sees it: only the key; the orders subgraph owns the rest. */
export interface OrderReference {
  id: string;
}

/**
 * A cart as shipping sees it. `weightGrams` and `postalCode` are @external with @requires: the orders
 * subgraph, which owns carts, hands them over in the representation before shippingCost runs.
 */
export interface CartReference {
  id: string;
  weightGrams?: number | null;
  postalCode?: string | null;
  itemCount?: number | null;
}
