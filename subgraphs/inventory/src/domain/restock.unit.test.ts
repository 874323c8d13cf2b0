import { BadUserInputError } from "../../../../packages/errors";
import { MAX_RESTOCK_QUANTITY, validateRestock } from "./restock";

const productId = "6f1c1d52-6a4e-4d0b-9a51-2b8f0f3f7c10";

function refusal(request: { productId: string; quantity: number }) {
  try {
    validateRestock(request);
  } catch (error) {
    return error;
  }
  throw new Error("expected the restock to be refused");
}

describe("restock validation", () => {
  it.each([1, 500, MAX_RESTOCK_QUANTITY])("accepts a quantity of %d", (quantity) => {
    expect(validateRestock({ productId, quantity })).toEqual({ productId, quantity });
  });

  it("accepts upper-case UUIDs", () => {
    expect(validateRestock({ productId: productId.toUpperCase(), quantity: 1 }).productId).toBe(productId.toUpperCase());
  });

  it.each([0, -1, MAX_RESTOCK_QUANTITY + 1, 1.5])("refuses a quantity of %d as BAD_USER_INPUT on quantity", (quantity) => {
    const error = refusal({ productId, quantity });
    expect(error).toBeInstanceOf(BadUserInputError);
    expect(error).toMatchObject({ code: "BAD_USER_INPUT", field: "quantity" });
  });

  it.each(["", "42", "not-a-uuid", `${productId}0`, "6f1c1d52-6a4e-4d0b-9a51-2b8f0f3f7c1g"])(
    "refuses the product id %p as BAD_USER_INPUT on productId",
    (badId) => {
      expect(refusal({ productId: badId, quantity: 1 })).toMatchObject({ code: "BAD_USER_INPUT", field: "productId" });
    },
  );
});
