import type { VersionedMemo } from "../../../../packages/cache-versions";
import type { SubgraphClient } from "../../../../packages/subgraph-client";

/** A product as the order snapshots it: its name and price at the moment of purchase, and its weight (for shipping). */
export interface ProductSnapshot {
  id: string;
  name: string;
  priceCents: number;
  currency: string;
  weightGrams: number;
}

export interface ProductCatalog {
  /** The products that exist among `ids`, by id; unknown ids are simply absent. */
  snapshots(ids: readonly string[]): Promise<Map<string, ProductSnapshot>>;
}

const ENTITIES_QUERY = `query OrderProductSnapshots($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Product { id name price { cents currency } weightGrams } }
}`;

interface EntitiesData {
  _entities: Array<{ id: string; name: string; price: { cents: number; currency: string }; weightGrams: number } | null>;
}

export class CatalogUnavailableError extends Error {
  constructor(reason: string) {
    super(`the product catalogue could not be reached: ${reason}`);
    this.name = "CatalogUnavailableError";
  }
}

/**
 * Reads names and prices from the products subgraph, which owns them, with the same signed call the
 * gateway makes (as the service itself, no user). Orders never trusts a price a client sends. With a
 * memo, products already read are not asked for again until products announces a change (its cache
 * version), so a price update still applies to the very next order or cart read.
 */
export function productCatalogClient(products: SubgraphClient, memo?: VersionedMemo<ProductSnapshot>): ProductCatalog {
  const read = async (ids: string[]): Promise<Map<string, ProductSnapshot>> => {
    const representations = ids.map((id) => ({ __typename: "Product", id }));
    const data = await products.read<EntitiesData>(ENTITIES_QUERY, { representations }).catch((error: unknown) => {
      throw new CatalogUnavailableError(error instanceof Error ? error.message : String(error));
    });
    const found = data._entities.filter((entity) => entity !== null);
    return new Map(
      found.map((product) => [product.id, { id: product.id, name: product.name, priceCents: product.price.cents, currency: product.price.currency, weightGrams: product.weightGrams }]),
    );
  };
  return {
    async snapshots(ids) {
      const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
      return memo ? memo.getMany(unique, read) : read(unique);
    },
  };
}
