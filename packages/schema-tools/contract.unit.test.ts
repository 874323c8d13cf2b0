import { buildSchema } from "graphql";
import { findContractViolations } from "./contract";

const contract = `
  type Query { products(first: Int = 20, after: String): [Product!]! }
  type Product { id: ID! name: String! status: Status! }
  enum Status { DRAFT LIVE }
  input Filter { search: String }
`;

function violationsAgainst(apiSdl: string): string[] {
  return findContractViolations(contract, buildSchema(apiSdl));
}

describe("findContractViolations", () => {
  it("accepts an API schema that adds types, fields, enum values and optional arguments", () => {
    expect(
      violationsAgainst(`
        type Query { products(first: Int = 20, after: String, sort: String): [Product!]! extra: Int }
        type Product { id: ID! name: String! status: Status! price: Int }
        enum Status { DRAFT LIVE GONE }
        input Filter { search: String, category: String }
        type Extra { id: ID }
      `),
    ).toEqual([]);
  });

  it("names a renamed field, a changed default, a loosened type, a missing enum value and a missing input field", () => {
    expect(
      violationsAgainst(`
        type Query { products(first: Int = 10, after: String): [Product!] }
        type Product { id: ID! title: String! status: Status! }
        enum Status { DRAFT }
        input Filter { query: String }
      `),
    ).toEqual(
      expect.arrayContaining([
        "field Query.products has type [Product!], the contract says [Product!]!",
        "Query.products(first:) defaults to 10, the contract says 20",
        "field Product.name is missing",
        "enum value Status.LIVE is missing",
        "Filter.search is missing",
      ]),
    );
  });

  it("refuses a new required argument on a contract field", () => {
    expect(
      violationsAgainst(`
        type Query { products(first: Int = 20, after: String, tenant: ID!): [Product!]! }
        type Product { id: ID! name: String! status: Status! }
        enum Status { DRAFT LIVE }
        input Filter { search: String }
      `),
    ).toEqual(["field Query.products requires argument tenant the contract does not have"]);
  });

  it("skips what is listed as not built yet", () => {
    const api = buildSchema(`type Query { products(first: Int = 20, after: String): [Product!]! } type Product { id: ID! name: String! status: Status! } enum Status { DRAFT LIVE }`);
    expect(findContractViolations(contract, api, new Set(["Filter"]))).toEqual([]);
  });
});
