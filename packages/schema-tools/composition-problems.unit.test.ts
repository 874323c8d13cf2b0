import { composeSupergraph, type SubgraphSource } from "./compose";
import { formatCompositionProblem } from "./composition-problems";

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])`;

function subgraph(name: string, body: string): SubgraphSource {
  return { name, routingUrl: `http://${name}.test/graphql`, sdl: `${LINK}\n${body}\n`, sourceName: `subgraphs/${name}/schema.graphql` };
}

function problemsOf(sources: SubgraphSource[]) {
  const outcome = composeSupergraph(sources);
  if (outcome.ok) throw new Error("expected composition to fail");
  return outcome;
}

describe("composition problems", () => {
  it("name both subgraphs, the field and its lines when a non-shareable field is defined twice", () => {
    const { problems, errors } = problemsOf([
      subgraph("products", `type Query { product: Product }\ntype Product @key(fields: "id") {\n  id: ID!\n  name: String!\n}`),
      subgraph("inventory", `type Query { stock: Int }\ntype Product @key(fields: "id") {\n  id: ID!\n  name: String!\n}`),
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: "INVALID_FIELD_SHARING",
      subgraphs: expect.arrayContaining(["products", "inventory"]),
      coordinates: ["Product.name"],
      locations: expect.arrayContaining(["subgraphs/products/schema.graphql:5:3", "subgraphs/inventory/schema.graphql:5:3"]),
    });
    expect(errors[0]).toMatch(/^(inventory, products|products, inventory): \[INVALID_FIELD_SHARING\] Non-shareable field "Product\.name"/);
  });

  it("name the subgraph, field and argument of an invalid subgraph schema", () => {
    const { problems } = problemsOf([
      subgraph("products", `type Query { product(id: ID!): Product }\ntype Product @key(fields: "id") { id: ID! }`),
      subgraph("shipping", `type Query { estimate(weight: Grams): Int }`),
    ]);
    expect(problems).toEqual([
      expect.objectContaining({ subgraphs: ["shipping"], coordinates: ["Query.estimate(weight:)"], locations: ["subgraphs/shipping/schema.graphql:2:31"] }),
    ]);
    expect(problems[0]!.message).toContain("Unknown type Grams");
  });

  it("name the file, line and column of a schema that does not parse", () => {
    const { problems } = problemsOf([subgraph("users", `type Query {\n  me: User\n  broken(: Int\n}`)]);
    expect(problems).toEqual([
      expect.objectContaining({ subgraphs: ["users"], coordinates: [], locations: ["subgraphs/users/schema.graphql:4:10"] }),
    ]);
  });

  it("print a problem on one line", () => {
    expect(
      formatCompositionProblem({ code: "X", message: "bad", subgraphs: ["a", "b"], coordinates: ["T.f"], locations: ["a.graphql:1:2"] }),
    ).toBe("a, b: [X] bad (T.f; at a.graphql:1:2)");
    expect(formatCompositionProblem({ code: null, message: "bad", subgraphs: [], coordinates: [], locations: [] })).toBe("bad");
  });
});
