import { BadUserInputError } from "../../../../packages/errors";
import { signIdentity } from "../../../../packages/identity";

export interface ShippingQuote {
  cents: number;
  currency: string;
}

export interface ShippingQuotes {
  /**
   * What the shipping subgraph's rules charge for `weightGrams` to `postalCode`. A postal code those rules
   * refuse is a BAD_USER_INPUT naming `field`.
   */
  quote(weightGrams: number, postalCode: string, field: string): Promise<ShippingQuote>;
}

// The same entity the gateway asks shipping for when a client reads Cart.shippingCost: one rule, one owner.
const ENTITIES_QUERY = `query OrdersShippingQuote($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Cart { shippingCost { cents currency } } }
}`;

interface EntitiesResponse {
  data?: { _entities: Array<{ shippingCost: ShippingQuote | null } | null> } | null;
  errors?: Array<{ message?: string; extensions?: { code?: string } }>;
}

export class ShippingUnavailableError extends Error {
  constructor(reason: string) {
    super(`the shipping rates could not be reached: ${reason}`);
    this.name = "ShippingUnavailableError";
  }
}

/**
 * Asks the shipping subgraph, which owns the rates, with the signed call the gateway makes (as the service
 * itself, no user). Orders never trusts a shipping cost a client sends, and never computes one itself.
 */
export function shippingQuotesClient(shippingUrl: string, signingSecret: string, timeoutMs = 5_000): ShippingQuotes {
  return {
    async quote(weightGrams, postalCode, field) {
      // One unit or more: an order always has something to ship (an empty cart is refused before this).
      const representation = { __typename: "Cart", id: "quote", weightGrams, postalCode, itemCount: 1 };
      const response = await fetch(shippingUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...signIdentity(signingSecret, null, ENTITIES_QUERY) },
        body: JSON.stringify({ query: ENTITIES_QUERY, variables: { representations: [representation] } }),
        signal: AbortSignal.timeout(timeoutMs),
      }).catch((error: unknown) => {
        throw new ShippingUnavailableError(error instanceof Error ? error.message : String(error));
      });
      const body = (await response.json().catch(() => ({}))) as EntitiesResponse;
      // Shipping's refusal was written for clients (a public code): pass it on, naming our own field.
      const refusal = body.errors?.find((error) => error.extensions?.code === "BAD_USER_INPUT");
      if (refusal) throw new BadUserInputError(refusal.message ?? "The postal code is not valid", field);
      const cost = body.data?._entities[0]?.shippingCost;
      if (!response.ok || body.errors || !cost) throw new ShippingUnavailableError(`HTTP ${response.status}`);
      return cost;
    },
  };
}
