import { buildSchema, parse } from "graphql";
import { changeAffects, coordinatesUsedBy } from "./operation-usage";

const schema = buildSchema(`
  type Query { products(filter: ProductFilter, sort: Sort = NEWEST, first: Int): [Product!]! }
  type Mutation { restock(productId: ID!, quantity: Int!): Int! }
  type Product { id: ID!, name: String!, status: Status!, price: Money! }
  type Money { cents: Int! }
  input ProductFilter { search: String, range: PriceRange }
  input PriceRange { min: Int, max: Int }
  enum Sort { NEWEST PRICE_ASC }
  enum Status { LIVE GONE }
`);

describe("coordinatesUsedBy", () => {
  it("collects types, fields, arguments, literal input fields and enum values an operation touches", () => {
    const used = coordinatesUsedBy(schema, parse(`query { products(filter: { search: "a" }, sort: PRICE_ASC) { id status price { cents } } }`));
    expect([...used].sort()).toEqual(
      [
        "Money",
        "Money.cents",
        "Product",
        "Product.id",
        "Product.price",
        "Product.status",
        "ProductFilter",
        "ProductFilter.search",
        "Query",
        "Query.products",
        "Query.products.filter",
        "Query.products.sort",
        "Sort",
        "Sort.PRICE_ASC",
        "Status",
        "ID",
        "Int",
      ].sort(),
    );
  });

  it("counts every field of an input type sent as a variable, nested inputs included", () => {
    const used = coordinatesUsedBy(schema, parse(`query ($filter: ProductFilter) { products(filter: $filter) { id } }`));
    for (const coordinate of ["ProductFilter.search", "ProductFilter.range", "PriceRange.min", "PriceRange.max"]) expect(used.has(coordinate)).toBe(true);
  });
});

describe("changeAffects", () => {
  const used = coordinatesUsedBy(schema, parse(`query ($filter: ProductFilter) { products(filter: $filter) { id status } }`));

  it.each([
    ["a selected field", "Product.status", true],
    ["a field not selected", "Product.name", false],
    ["a new argument of a selected field", "Query.products.tenant", true],
    ["a field inside an input type it sends", "ProductFilter.category", true],
    ["a value of an enum it receives", "Status.GONE", true],
    ["a value of an enum it does not use", "Sort.NEWEST", false],
    ["a type it uses", "Product", true],
    ["another type", "Money", false],
  ])("%s: %s -> %s", (_case, path, expected) => {
    expect(changeAffects(path, used, schema)).toBe(expected);
  });
});
