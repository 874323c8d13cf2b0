import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { composeSupergraph, readSubgraphSources, readSupergraphConfig } from "../../../packages/schema-tools";
import { entitiesInAnswer } from "./answer-entities";
import { CacheHints } from "./cache-hints";

const composed = composeSupergraph(readSubgraphSources(readSupergraphConfig()));
if (!composed.ok) throw new Error(composed.errors.join("\n"));
const { supergraphSdl, apiSchema } = composed;
const hints = new CacheHints(supergraphSdl);
const question = { typeName: "Product", resolvedBySubgraph: (field: string) => hints.graphsOf("Product", field).includes("inventory") };

function entities(query: string, data: Record<string, unknown>) {
  const document = parse(query);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  const { ids, complete } = entitiesInAnswer(apiSchema, document, operation, data, question);
  return { ids: [...ids].sort(), complete };
}

describe("entitiesInAnswer: the products whose stock an answer shows", () => {
  it("finds them in lists, under aliases and through fragments", () => {
    const query = `query { products(first: 2) { edges { node { key: id ...Stock } } } featured: product(id: "c") { id ... on Product { inStock } } }
      fragment Stock on Product { inventory { available } }`;
    const data = {
      products: { edges: [{ node: { key: "a", inventory: { available: 1 } } }, { node: { key: "b", inventory: null } }] },
      featured: { id: "c", inStock: true },
    };
    expect(entities(query, data)).toEqual({ ids: ["a", "b", "c"], complete: true });
  });

  it("leaves out products that show no stock", () => {
    const data = { products: { edges: [{ node: { id: "a", name: "Mug" } }] } };
    expect(entities(`{ products { edges { node { id name } } } }`, data)).toEqual({ ids: [], complete: true });
  });

  it("says when a product shows stock without its id", () => {
    expect(entities(`query ($id: ID!) { product(id: $id) { inventory { available } } }`, { product: { inventory: { available: 3 } } })).toEqual({ ids: [], complete: false });
  });

  it("skips what is null", () => {
    expect(entities(`{ product(id: "x") { id inStock } }`, { product: null })).toEqual({ ids: [], complete: true });
  });
});
