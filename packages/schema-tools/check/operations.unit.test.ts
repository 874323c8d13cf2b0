import { buildSchema, print, Source } from "graphql";
import { collectOperations, validateOperations } from "./operations";

const schema = buildSchema(`
  type Query { product(id: ID!): Product, products(first: Int = 20): [Product!]! }
  type Product { id: ID!, name: String!, price: Money!, legacyCode: String @deprecated(reason: "use sku") }
  type Money { cents: Int!, formatted: String! }
`);

const fragments = new Source(
  `fragment MoneyParts on Money { cents formatted }\nfragment ProductCard on Product { id name price { ...MoneyParts } }\nfragment Unused on Product { id }`,
  "operations/fragments.graphql",
);

describe("collectOperations", () => {
  it("gives each operation the fragments it uses, through other fragments, and no others", () => {
    const { operations, problems } = collectOperations([
      fragments,
      new Source(`query ProductPage($id: ID!) {\n  product(id: $id) { ...ProductCard }\n}`, "operations/product-page.graphql"),
    ]);
    expect(problems).toEqual([]);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ name: "ProductPage", type: "query", location: "operations/product-page.graphql:1" });
    expect(operations[0]!.document.definitions.map((definition) => ("name" in definition ? definition.name?.value : null))).toEqual([
      "ProductPage",
      "MoneyParts",
      "ProductCard",
    ]);
    expect(print(operations[0]!.document)).toContain("fragment ProductCard on Product");
  });

  it("refuses anonymous operations, duplicate names and files that do not parse, saying where", () => {
    const { operations, problems } = collectOperations([
      new Source(`query A { products { id } }\nquery A { products { name } }`, "operations/a.graphql"),
      new Source(`{ products { id } }`, "operations/anonymous.graphql"),
      new Source(`query Broken { products { id }`, "operations/broken.graphql"),
    ]);
    expect(operations.map((operation) => operation.name)).toEqual(["A"]);
    expect(problems).toEqual([
      expect.objectContaining({ location: "operations/broken.graphql:1:31", message: expect.stringContaining("Syntax Error") }),
      { operation: "A", location: "operations/a.graphql:2", message: "operation A is also defined at operations/a.graphql:1" },
      expect.objectContaining({ operation: null, location: "operations/anonymous.graphql:1", message: expect.stringContaining("needs a name") }),
    ]);
  });
});

describe("validateOperations", () => {
  it("names the operation, the field and where it is written when a field is gone", () => {
    const { operations } = collectOperations([
      new Source(`fragment Card on Product { id sku }`, "operations/card.graphql"),
      new Source(`query Browse { products { ...Card } }`, "operations/browse.graphql"),
      new Source(`query Fine { products { id name } }`, "operations/fine.graphql"),
    ]);
    expect(validateOperations(schema, operations).invalid).toEqual([
      { operation: "Browse", location: "operations/card.graphql:1:31", message: 'Cannot query field "sku" on type "Product".' },
    ]);
  });

  it("reports wrong arguments and variables against the operation", () => {
    const { operations } = collectOperations([new Source(`query Page($id: String!) { product(id: $id, locale: "en") { id } }`, "operations/page.graphql")]);
    const messages = validateOperations(schema, operations).invalid.map((problem) => `${problem.operation}: ${problem.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Page: Unknown argument "locale" on field "Query.product".',
        'Page: Variable "$id" of type "String!" used in position expecting type "ID!".',
      ]),
    );
  });

  it("lists uses of deprecated fields apart from what is invalid", () => {
    const { operations } = collectOperations([new Source(`query Old { products { legacyCode } }`, "operations/old.graphql")]);
    const validation = validateOperations(schema, operations);
    expect(validation.invalid).toEqual([]);
    expect(validation.deprecated).toEqual([
      { operation: "Old", location: "operations/old.graphql:1:24", message: "The field Product.legacyCode is deprecated. use sku" },
    ]);
  });
});
