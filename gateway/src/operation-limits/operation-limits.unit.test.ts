import path from "node:path";
import { parse, print, type OperationDefinitionNode } from "graphql";
import { composeSupergraph, PROJECT_ROOT, readSubgraphSources, readSupergraphConfig } from "../../../packages/schema-tools";
import { collectOperations, readOperationSources } from "../../../packages/schema-tools/check";
import { DEFAULT_EDGE_CONFIG } from "../edge-config";
import { countTokens, documentLimitRefusal, measureDocument, staticCost } from ".";

const limits = DEFAULT_EDGE_CONFIG.operationLimits;

const composed = composeSupergraph(readSubgraphSources(readSupergraphConfig()));
if (!composed.ok) throw new Error(composed.errors.join("\n"));
const schema = composed.apiSchema;

function costOf(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  return staticCost(schema, document, document.definitions[0] as OperationDefinitionNode, variables);
}

describe("measuring a document before validation", () => {
  it("measures depth, aliases and directives through fragments, each spread counted", () => {
    const shape = measureDocument(
      parse(`query { a: products { edges { node { ...Card } } } b: products { edges { node { ...Card } } } }
             fragment Card on Product { x: name y: sku @include(if: true) category { name } }`),
    );
    expect(shape).toEqual({ depth: 5, aliases: 2 + 2 * 2, directives: 2, rootFields: 2 });
  });

  it("counts root fields selected through fragments, and the most of any operation", () => {
    const shape = measureDocument(parse(`query A { me { id } ...Roots } query B { me { id } } fragment Roots on Query { categories { slug } c2: categories { slug } }`));
    expect(shape.rootFields).toBe(3);
  });

  it("survives fragments that spread themselves (validation refuses them later)", () => {
    const shape = measureDocument(parse(`{ me { ...A } } fragment A on User { id ...B } fragment B on User { name ...A }`));
    expect(shape.depth).toBe(2);
  });

  it("grows with fragments spread inside fragments, as validation's work does", () => {
    const levels = 6;
    const fragments = Array.from({ length: levels }, (_, level) =>
      level === levels - 1 ? `fragment F${level} on Category { x: slug }` : `fragment F${level} on Category { ...F${level + 1} ...F${level + 1} }`,
    ).join(" ");
    expect(measureDocument(parse(`{ categories { ...F0 } } ${fragments}`)).aliases).toBe(2 ** (levels - 1));
  });

  it("leaves introspection out", () => {
    expect(measureDocument(parse(`{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }`)).depth).toBe(0);
  });

  it("counts tokens and stops counting past the limit", () => {
    expect(countTokens("{ me { id } }", 100)).toBe(6);
    expect(countTokens(`{ ${"a ".repeat(10_000)} }`, 50)).toBe(51);
    expect(countTokens("{ me { id ", 100)).toBe(4);
  });

  it("refuses by the first limit broken and passes what is within all of them", () => {
    expect(documentLimitRefusal("{ me { id } }", limits)).toBeNull();
    expect(documentLimitRefusal("{ me { id ", limits)).toBeNull(); // a syntax error is Apollo Server's to report
    expect(documentLimitRefusal(`{ ${Array.from({ length: 16 }, (_, i) => `m${i}: me { id }`).join(" ")} }`, limits)?.message).toMatch(/root fields/);
  });
});

describe("static cost", () => {
  it("multiplies by `first` through nesting, from literals, variables and schema defaults", () => {
    expect(costOf("{ me { id } }")).toBe(2);
    // products (1) + 10 x (edges, node, id, category, name) = 51
    expect(costOf("{ products(first: 10) { edges { node { id category { name } } } } }")).toBe(51);
    expect(costOf("query ($n: Int) { products(first: $n) { edges { node { id } } } }", { n: 10 })).toBe(31);
    // The schema's default page size (20) when neither the operation nor the variables say.
    expect(costOf("{ products { edges { node { id } } } }")).toBe(61);
    expect(costOf("query ($n: Int = 5) { products(first: $n) { edges { node { id } } } }")).toBe(16);
    expect(costOf("{ products(first: 100) { edges { node { category { products(first: 100) { edges { node { id } } } } } } } }")).toBeGreaterThan(limits.maxCost);
  });
});

describe("the defaults and what clients send", () => {
  const operations = collectOperations(readOperationSources(path.join(PROJECT_ROOT, "operations"), PROJECT_ROOT)).operations;
  const sandboxExamples = [
    `query Browse { categories { slug name } products(filter: { search: "kitchen" }, sort: PRICE_ASC, first: 5) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { id sku name price { formatted } category { name } inventory { available } inStock shippingEstimate(postalCode: "10115") { formatted } } } } }`,
    `query Me { me { email role orders { totalCount edges { node { id status total { formatted } } } } notifications(unreadOnly: true) { kind title order { id } } } }`,
    `query AllOrders { orders(status: PENDING, first: 10) { totalCount edges { node { id user { email } total { formatted } } } } }`,
  ].map((query) => ({ name: /query (\w+)/.exec(query)![1]!, document: parse(query) }));

  it.each([...operations, ...sandboxExamples].map((operation) => [operation.name, operation.document] as const))(
    "%s stays within every default limit at the largest page size",
    (_name, document) => {
      const operation = document.definitions[0] as OperationDefinitionNode;
      const largestPages = Object.fromEntries((operation.variableDefinitions ?? []).filter((definition) => /first/i.test(definition.variable.name.value)).map((definition) => [definition.variable.name.value, 100]));
      expect(documentLimitRefusal(print(document), limits)).toBeNull();
      expect(staticCost(schema, document, operation, largestPages)).toBeLessThanOrEqual(limits.maxCost);
    },
  );

  it("covers the client operations in operations/", () => {
    expect(operations.length).toBeGreaterThan(5);
  });
});
