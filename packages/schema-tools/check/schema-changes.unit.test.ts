import { buildSchema } from "graphql";
import { diffApiSchemas } from "./schema-changes";

const base = buildSchema(`
  type Query { products(first: Int = 20): [Product!]! }
  "A product"
  type Product { id: ID!, sku: String!, name: String }
  enum Status { LIVE GONE }
  input Filter { search: String }
`);

function levelsOf(changes: Awaited<ReturnType<typeof diffApiSchemas>>) {
  return changes.map((change) => `${change.level} ${change.type} ${change.path}`);
}

describe("diffApiSchemas", () => {
  it("sorts removals, tightened inputs, new enum values and additions into breaking, dangerous and safe", async () => {
    const next = buildSchema(`
      type Query { products(first: Int = 10, tenant: ID!): [Product!]! }
      "A product in the catalogue"
      type Product { id: ID!, name: String!, color: String }
      enum Status { LIVE GONE RETIRED }
      input Filter { search: String, owner: ID! }
    `);
    const changes = await diffApiSchemas(base, next);
    expect(levelsOf(changes).sort()).toEqual(
      [
        "breaking FIELD_ARGUMENT_ADDED Query.products.tenant",
        "breaking FIELD_REMOVED Product.sku",
        "breaking INPUT_FIELD_ADDED Filter.owner",
        "dangerous ENUM_VALUE_ADDED Status.RETIRED",
        "dangerous FIELD_ARGUMENT_DEFAULT_CHANGED Query.products.first",
        "safe FIELD_ADDED Product.color",
        "safe FIELD_TYPE_CHANGED Product.name",
      ].sort(),
    );
    const removed = changes.find((change) => change.type === "FIELD_REMOVED")!;
    expect(removed.message).toBe("Field 'sku' was removed from object type 'Product'");
    expect(removed.reason).toContain("Removing a field is a breaking change");
    expect(changes.find((change) => change.type === "FIELD_ADDED")!.reason).toBeNull();
  });

  it("finds nothing between identical schemas, and calls everything an addition when there is no base", async () => {
    expect(await diffApiSchemas(base, base)).toEqual([]);
    const fromNothing = await diffApiSchemas(null, base);
    expect(fromNothing.length).toBeGreaterThan(5);
    expect(new Set(fromNothing.map((change) => change.level))).toEqual(new Set(["safe"]));
  });
});
