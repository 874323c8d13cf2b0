import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { composeSupergraph, readSubgraphSources, readSupergraphConfig } from "../../../packages/schema-tools";
import { CacheHints, type CachePlan } from "./cache-hints";

// The project's own supergraph, composed from the subgraphs' schemas as the gateway loads it.
const composed = composeSupergraph(readSubgraphSources(readSupergraphConfig()));
if (!composed.ok) throw new Error(composed.errors.join("\n"));
const { supergraphSdl, apiSchema } = composed;
const hints = new CacheHints(supergraphSdl);

const CATALOGUE = `{
  products(first: 30) {
    totalCount
    edges { node { id name price { cents currency } category { name } inventory { available } inStock shippingEstimate(postalCode: "10115") { cents } } }
  }
}`;

function planFor(query: string): CachePlan | null {
  const document = parse(query);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error("no operation");
  return hints.planFor(apiSchema, document, operation);
}

describe("CacheHints: what the supergraph declares public", () => {
  it("caches the category list for the hint's max age, under products' version only", () => {
    expect(planFor(`{ categories { id slug name } }`)).toEqual({ maxAgeSeconds: 60, subgraphs: ["products"] });
  });

  it("caches a catalogue page under the versions of every subgraph it reads, @requires' included", () => {
    expect(planFor(CATALOGUE)).toEqual({ maxAgeSeconds: 60, subgraphs: ["inventory", "products", "shipping"] });
    // shippingEstimate alone: shipping answers it from the weight products gives through @requires.
    expect(planFor(`{ product(id: "p") { shippingEstimate(postalCode: "10115") { cents } } }`)).toEqual({
      maxAgeSeconds: 60,
      subgraphs: ["products", "shipping"],
    });
  });

  it("follows fragments, inline and named", () => {
    const query = `query Q { product(id: "p") { ...Stock ... on Product { name } } } fragment Stock on Product { inventory { available } }`;
    expect(planFor(query)).toEqual({ maxAgeSeconds: 60, subgraphs: ["inventory", "products"] });
  });

  it("caches nothing that depends on the caller, alone or beside public fields", () => {
    expect(planFor(`{ me { id email } }`)).toBeNull();
    expect(planFor(`{ categories { id } me { id } }`)).toBeNull();
    expect(planFor(`{ cart { id subtotal { cents } } }`)).toBeNull();
    expect(planFor(`{ order(id: "o") { id items { product { name } } } }`)).toBeNull();
  });

  it("caches no mutation and no introspection", () => {
    expect(planFor(`mutation { updateProduct(id: "p", input: {}) { id } }`)).toBeNull();
    expect(planFor(`{ __schema { queryType { name } } }`)).toBeNull();
    expect(planFor(`{ __type(name: "Product") { name } categories { id } }`)).toBeNull();
  });

  it("needs a hint on every field of an entity, since any subgraph may add one", () => {
    expect(planFor(`{ product(id: "p") { id name price { cents formatted } category { slug } } }`)).toEqual({
      maxAgeSeconds: 60,
      subgraphs: ["products"],
    });
  });
});
