import { BadUserInputError } from "../../../../packages/errors";
import { MAX_NAME_LENGTH, MAX_PRICE_CENTS, MAX_WEIGHT_GRAMS } from "./new-product";
import { validateProductUpdate, type ProductUpdateInput } from "./product-update";

function fieldOf(input: ProductUpdateInput): string | undefined {
  try {
    validateProductUpdate(input);
  } catch (error) {
    if (error instanceof BadUserInputError) return error.field;
    throw error;
  }
  return undefined;
}

describe("validateProductUpdate", () => {
  it("keeps only the fields given, trimmed, with their numbers", () => {
    expect(validateProductUpdate({ name: "  Teapot ", priceCents: 0, categorySlug: " kitchen " })).toEqual({
      name: "Teapot",
      priceCents: 0,
      categorySlug: "kitchen",
    });
  });

  it("treats null like a field left out, and allows an empty update (it changes nothing)", () => {
    expect(validateProductUpdate({ name: null, description: null, priceCents: null, weightGrams: null, categorySlug: null })).toEqual({});
    expect(validateProductUpdate({})).toEqual({});
  });

  it("accepts an empty description, zero weight and the upper bounds", () => {
    expect(validateProductUpdate({ description: "", weightGrams: 0, priceCents: MAX_PRICE_CENTS })).toEqual({
      description: "",
      weightGrams: 0,
      priceCents: MAX_PRICE_CENTS,
    });
    expect(() => validateProductUpdate({ weightGrams: MAX_WEIGHT_GRAMS, name: "N".repeat(MAX_NAME_LENGTH) })).not.toThrow();
  });

  it.each<[string, ProductUpdateInput, string]>([
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: " \t " }, "name"],
    ["a name that is too long", { name: "N".repeat(MAX_NAME_LENGTH + 1) }, "name"],
    ["a NUL in the name", { name: "Tea\u0000pot" }, "name"],
    ["a lone surrogate in the name", { name: "Tea \uD800" }, "name"],
    ["a line break in the name", { name: "Tea\npot" }, "name"],
    ["an escape sequence in the description", { description: "\u001b[2J" }, "description"],
    ["a negative price", { priceCents: -1 }, "priceCents"],
    ["a fractional price", { priceCents: 10.5 }, "priceCents"],
    ["a price above the maximum", { priceCents: MAX_PRICE_CENTS + 1 }, "priceCents"],
    ["a negative weight", { weightGrams: -5 }, "weightGrams"],
    ["a weight above the maximum", { weightGrams: MAX_WEIGHT_GRAMS + 1 }, "weightGrams"],
    ["a blank category slug", { categorySlug: "  " }, "categorySlug"],
    ["a NUL in the category slug", { categorySlug: "kitchen\u0000" }, "categorySlug"],
  ])("refuses %s, naming the field", (_case, input, field) => {
    expect(fieldOf(input)).toBe(field);
  });
});
