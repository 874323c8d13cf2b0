import fc from "fast-check";
import { getFieldIdentity } from "graphql-rate-limit";
import { fieldIdentity } from "./field-identity";

describe("a field's rate-limit identity", () => {
  it("is graphql-rate-limit's, so budgets and their Redis keys are unchanged", () => {
    const args = { email: "Alice@Shop.local", input: { email: "bob@shop.local", items: [{ sku: "A-1" }, { sku: "B-2" }] }, ids: ["1", "2"], none: null, "a.b": 7 };
    const cases: string[][] = [[], ["email"], ["input.email"], ["input.items[1].sku"], ["input.items.0.sku"], ["ids"], ["none"], ["missing"], ["missing.deeper"], ["a.b"], ["email", "input.email"]];
    for (const identityArgs of cases) expect(fieldIdentity("logIn", identityArgs, args)).toBe(getFieldIdentity("logIn", identityArgs, args));
  });

  it("agrees with graphql-rate-limit on any arguments and paths", () => {
    const key = fc.constantFrom("a", "b", "email", "0", "1");
    const path = fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => keys.join("."));
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 3 })), fc.array(path, { maxLength: 3 }), (args, identityArgs) => {
        expect(fieldIdentity("f", identityArgs, args)).toBe(getFieldIdentity("f", identityArgs, args));
      }),
    );
  });
});
