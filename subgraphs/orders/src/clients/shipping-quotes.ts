import type { VersionedMemo } from "../../../../packages/cache-versions";
import { BadUserInputError } from "../../../../packages/errors";
import { SubgraphCallError, type SubgraphClient } from "../../../../packages/subgraph-client";

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

interface EntitiesData {
  _entities: Array<{ shippingCost: ShippingQuote | null } | null>;
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
 * With a memo, a weight and postal code already quoted are not asked for again until shipping announces
 * new rates (its cache version, bumped by every shipping process that starts); refusals are not kept.
 */
export function shippingQuotesClient(shipping: SubgraphClient, memo?: VersionedMemo<ShippingQuote>): ShippingQuotes {
  const ask = async (weightGrams: number, postalCode: string, field: string): Promise<ShippingQuote> => {
    // One unit or more: an order always has something to ship (an empty cart is refused before this).
    const representation = { __typename: "Cart", id: "quote", weightGrams, postalCode, itemCount: 1 };
    const data = await shipping.read<EntitiesData>(ENTITIES_QUERY, { representations: [representation] }).catch((error: unknown) => {
      // Shipping's refusal was written for clients (a public code): pass it on, naming our own field.
      if (error instanceof SubgraphCallError && error.code === "BAD_USER_INPUT") throw new BadUserInputError(error.detail, field);
      throw new ShippingUnavailableError(error instanceof Error ? error.message : String(error));
    });
    const cost = data._entities[0]?.shippingCost;
    if (!cost) throw new ShippingUnavailableError("no shipping cost in the answer");
    return cost;
  };
  return {
    async quote(weightGrams, postalCode, field) {
      if (!memo) return ask(weightGrams, postalCode, field);
      const key = JSON.stringify([weightGrams, postalCode]);
      const quotes = await memo.getMany([key], async () => new Map([[key, await ask(weightGrams, postalCode, field)]]));
      return quotes.get(key)!;
    },
  };
}
