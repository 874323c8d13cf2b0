import { buildSchema } from "graphql";
import { buildOperation, findStringInputs } from "./string-inputs";

// The walk the hostile-input e2e relies on, over a small schema: what it finds, how it names the fields,
// and that a required text input it has no valid value for stops it instead of being skipped.
const schema = buildSchema(`
  input AddressInput { line1: String! line2: String }
  input LineInput { productId: ID! quantity: Int! }
  input OrderInput { lines: [LineInput!]! address: AddressInput! note: String }
  type Item { id: ID! label(locale: String): String! }
  type Owner { id: ID! items(after: String): [Item!]! }
  type Query { owner(id: ID!): Owner me: Owner }
  type Mutation { order(input: OrderInput!): Item! rename(id: ID!, name: String!): Item! }
`);

describe("findStringInputs", () => {
  const inputs = findStringInputs(schema);
  const byCoordinate = new Map(inputs.map((input) => [input.coordinate, input]));

  it("finds every String and ID argument and input field reachable from the roots", () => {
    expect([...byCoordinate.keys()].sort()).toEqual(
      [
        "Item.label(locale:)",
        "Mutation.order(input:).address.line1",
        "Mutation.order(input:).address.line2",
        "Mutation.order(input:).lines[0].productId",
        "Mutation.order(input:).note",
        "Mutation.rename(id:)",
        "Mutation.rename(name:)",
        "Owner.items(after:)",
        "Query.owner(id:)",
      ].sort(),
    );
  });

  it("names refusals in the subgraphs' style and knows which lookups answer null", () => {
    expect(byCoordinate.get("Mutation.order(input:).lines[0].productId")!.expectedField).toBe("lines[0].productId");
    expect(byCoordinate.get("Mutation.rename(name:)")!.expectedField).toBe("name");
    expect(byCoordinate.get("Query.owner(id:)")!.answersNullWhenMissing).toBe(true);
    expect(byCoordinate.get("Mutation.rename(id:)")!.answersNullWhenMissing).toBe(false);
  });

  it("leaves out what the pending list names, and everything below it", () => {
    const coordinates = findStringInputs(schema, new Set(["Query.owner", "AddressInput"])).map((input) => input.coordinate);
    expect(coordinates).not.toContain("Query.owner(id:)");
    expect(coordinates).not.toContain("Mutation.order(input:).address.line1");
    expect(coordinates).toContain("Owner.items(after:)"); // still reached through Query.me
  });
});

describe("buildOperation", () => {
  const inputs = findStringInputs(schema);
  const find = (coordinate: string) => inputs.find((input) => input.coordinate === coordinate)!;
  const valid = { "Query.owner(id:)": () => "owner-1", "LineInput.productId": () => "p-1", "AddressInput.line1": () => "1 Main St", "Mutation.rename(id:)": () => "i-1", "Mutation.rename(name:)": () => "Name" };

  it("puts the value in its place and valid values in every required place around it", () => {
    expect(buildOperation(find("Mutation.order(input:).address.line1"), "HOSTILE", valid)).toEqual({
      query: "mutation ($v0: OrderInput!) { order(input: $v0) { __typename id } }",
      variables: { v0: { lines: [{ productId: "p-1", quantity: 1 }], address: { line1: "HOSTILE" } } },
    });
    expect(buildOperation(find("Item.label(locale:)"), "HOSTILE", valid)).toEqual({
      query: "query ($v0: ID!, $v1: String) { owner(id: $v0) { items { label(locale: $v1) } } }",
      variables: { v0: "owner-1", v1: "HOSTILE" },
    });
  });

  it("fails for a required text input without a valid value, so a new one cannot go untested", () => {
    const { "Mutation.rename(name:)": _name, ...withoutName } = valid;
    expect(() => buildOperation(find("Mutation.rename(id:)"), "HOSTILE", withoutName)).toThrow(/No valid value for Mutation\.rename\(name:\)/);
  });
});
