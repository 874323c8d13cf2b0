import { judgeBreakingChanges, parseAcknowledgements } from "./acknowledged-changes";
import type { SchemaChange } from "./schema-changes";

const removal: SchemaChange = { level: "breaking", type: "FIELD_REMOVED", path: "Product.legacyCode", message: "Field 'legacyCode' was removed", reason: null };
const newArgument: SchemaChange = { level: "breaking", type: "FIELD_ARGUMENT_ADDED", path: "Query.products.tenant", message: "Argument added", reason: null };

describe("parseAcknowledgements", () => {
  it("reads entries with their reasons, and an empty list", () => {
    expect(
      parseAcknowledgements(
        `acknowledged:\n  - change: FIELD_REMOVED\n    coordinate: Product.legacyCode\n    reason: No operation uses it; deprecated since March.\n`,
        "schema/acknowledged-changes.yaml",
      ),
    ).toEqual([{ change: "FIELD_REMOVED", coordinate: "Product.legacyCode", reason: "No operation uses it; deprecated since March." }]);
    expect(parseAcknowledgements("acknowledged: []\n", "a.yaml")).toEqual([]);
    expect(parseAcknowledgements("# nothing yet\n", "a.yaml")).toEqual([]);
  });

  it("refuses an entry without a reason or with an unknown change type, naming the file", () => {
    expect(() => parseAcknowledgements(`acknowledged:\n  - change: FIELD_REMOVED\n    coordinate: Product.legacyCode\n`, "schema/acknowledged-changes.yaml")).toThrow(
      /^schema\/acknowledged-changes\.yaml is not a valid list of acknowledged changes: acknowledged\.0\.reason/,
    );
    expect(() => parseAcknowledgements(`acknowledged:\n  - change: FIELD_DELETED\n    coordinate: Product.x\n    reason: it was never used by anyone\n`, "a.yaml")).toThrow(
      /acknowledged\.0\.change: is not a graphql-inspector change type/,
    );
  });
});

describe("judgeBreakingChanges", () => {
  it("acknowledges a change only when both its type and its coordinate match", () => {
    const judged = judgeBreakingChanges(
      [removal, newArgument],
      [
        { change: "FIELD_REMOVED", coordinate: "Product.legacyCode", reason: "unused for 90 days" },
        { change: "FIELD_TYPE_CHANGED", coordinate: "Query.products.tenant", reason: "the wrong type of change" },
      ],
    );
    expect(judged.acknowledged).toEqual([{ change: removal, reason: "unused for 90 days" }]);
    expect(judged.unacknowledged).toEqual([newArgument]);
    expect(judged.unused).toEqual([{ change: "FIELD_TYPE_CHANGED", coordinate: "Query.products.tenant", reason: "the wrong type of change" }]);
  });
});
