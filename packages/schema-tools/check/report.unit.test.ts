import { formatSchemaCheckReport } from "./report";
import type { SchemaCheckResult } from "./run-check";

const passing: SchemaCheckResult = {
  subgraphs: ["products", "inventory"],
  proposed: null,
  composition: { problems: [] },
  drift: { stale: [] },
  contract: { violations: [], builtSincePending: [] },
  operations: { count: 3, invalid: [], deprecated: [] },
  changes: {
    base: "HEAD~1 (abc)",
    acknowledgementsFile: "schema/acknowledged-changes.yaml",
    notes: [],
    breaking: [],
    dangerous: [],
    safe: [{ level: "safe", type: "FIELD_ADDED", path: "Product.color", message: "Field 'color' was added to object type 'Product'", reason: null }],
    unusedAcknowledgements: [],
  },
  passed: true,
};

describe("formatSchemaCheckReport", () => {
  it("gives the verdict, one line per check, and the safe changes", () => {
    const report = formatSchemaCheckReport(passing);
    expect(report).toContain("## ✔ Schema check passed");
    expect(report).toContain("Checked 2 subgraphs, breaking changes judged against HEAD~1 (abc).");
    expect(report).toContain("- ✔ Operations: all 3 client operations validate against the new API schema");
    expect(report).toContain("- ✔ Breaking changes: none");
    expect(report).toContain("### Safe changes (1)\n\n- FIELD_ADDED Product.color: Field 'color' was added to object type 'Product'");
    expect(report).not.toContain("### Breaking");
  });

  it("lists breaking changes with the operations that use them and the entry to acknowledge them", () => {
    const report = formatSchemaCheckReport({
      ...passing,
      proposed: { subgraph: "products", file: "new.graphql", isNew: false },
      drift: { skipped: "a proposed schema is checked before it is committed" },
      operations: { count: 3, invalid: [{ operation: "ProductPage", location: "operations/product-page.graphql:4:5", message: 'Cannot query field "sku" on type "Product".' }], deprecated: [] },
      changes: {
        ...(passing.changes as Extract<SchemaCheckResult["changes"], { breaking: unknown }>),
        breaking: [
          {
            change: { level: "breaking", type: "FIELD_REMOVED", path: "Product.sku", message: "Field 'sku' was removed from object type 'Product'", reason: "Removing a field is a breaking change." },
            operations: ["BrowseProducts", "ProductPage"],
            acknowledgedReason: null,
          },
          {
            change: { level: "breaking", type: "FIELD_REMOVED", path: "Product.legacy", message: "Field 'legacy' was removed", reason: null },
            operations: [],
            acknowledgedReason: "nobody used it",
          },
        ],
      },
      passed: false,
    });
    expect(report).toContain("## ✖ Schema check failed: 2 checks need attention");
    expect(report).toContain("with the proposed products schema from new.graphql");
    expect(report).toContain("- – Drift: not checked: a proposed schema is checked before it is committed");
    expect(report).toContain('- ProductPage (operations/product-page.graphql:4:5): Cannot query field "sku" on type "Product".');
    expect(report).toContain("- ✖ FIELD_REMOVED Product.sku: Field 'sku' was removed from object type 'Product'\n    used by: BrowseProducts, ProductPage\n    Removing a field is a breaking change.");
    expect(report).toContain("- ✔ FIELD_REMOVED Product.legacy: Field 'legacy' was removed\n    used by: no client operation in operations/\n    acknowledged: nobody used it");
    expect(report).toContain(
      "acknowledged:\n  - change: FIELD_REMOVED\n    coordinate: Product.sku\n    reason: <why this is safe for BrowseProducts, ProductPage>",
    );
  });

  it("names composition problems and leaves the checks that need a composed schema unrun", () => {
    const notRun = { skipped: "the subgraphs do not compose" };
    const report = formatSchemaCheckReport({
      ...passing,
      composition: {
        problems: [{ code: "INVALID_FIELD_SHARING", message: 'Non-shareable field "Product.name" is resolved from multiple subgraphs', subgraphs: ["inventory", "products"], coordinates: ["Product.name"], locations: ["subgraphs/inventory/schema.graphql:9:3"] }],
      },
      drift: notRun,
      contract: notRun,
      operations: notRun,
      changes: notRun,
      passed: false,
    });
    expect(report).toContain("## ✖ Schema check failed: 1 check needs attention");
    expect(report).toContain(
      '- inventory, products: [INVALID_FIELD_SHARING] Non-shareable field "Product.name" is resolved from multiple subgraphs (Product.name; at subgraphs/inventory/schema.graphql:9:3)',
    );
    expect(report).toContain("- – Breaking changes: not judged: the subgraphs do not compose");
  });
});
