import { BadUserInputError } from "../../../../packages/errors";
import { MAX_PRICE_CENTS, MAX_SKU_LENGTH, MAX_WEIGHT_GRAMS, validateNewProduct, type NewProductInput } from "./new-product";

const valid: NewProductInput = {
  sku: " kt-9001 ",
  name: "  Milk Frother ",
  description: " Froths milk. ",
  priceCents: 2599,
  weightGrams: 300,
  categorySlug: " kitchen ",
};

function fieldOf(change: Partial<NewProductInput>): string | undefined {
  try {
    validateNewProduct({ ...valid, ...change });
  } catch (error) {
    if (error instanceof BadUserInputError) return error.field;
    throw error;
  }
  return undefined;
}

describe("validateNewProduct", () => {
  it("trims text, upper-cases the SKU and keeps the numbers", () => {
    expect(validateNewProduct(valid)).toEqual({
      sku: "KT-9001",
      name: "Milk Frother",
      description: "Froths milk.",
      priceCents: 2599,
      weightGrams: 300,
      categorySlug: "kitchen",
    });
  });

  it("accepts zero price and weight, the upper bounds, and an empty description", () => {
    expect(() => validateNewProduct({ ...valid, priceCents: 0, weightGrams: 0, description: "" })).not.toThrow();
    expect(() => validateNewProduct({ ...valid, priceCents: MAX_PRICE_CENTS, weightGrams: MAX_WEIGHT_GRAMS })).not.toThrow();
  });

  it("keeps line breaks, tabs, RTL and zero-width characters in the description, the only multi-line field", () => {
    const description = "First line\r\nSecond\tline \u202E\u200B";
    expect(validateNewProduct({ ...valid, description }).description).toBe(description);
  });

  it.each<[string, Partial<NewProductInput>, string]>([
    ["an empty SKU", { sku: "" }, "sku"],
    ["a blank SKU", { sku: "   " }, "sku"],
    ["a SKU with spaces inside", { sku: "KT 1" }, "sku"],
    ["a SKU that is too long", { sku: "A".repeat(MAX_SKU_LENGTH + 1) }, "sku"],
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: " \t " }, "name"],
    ["a negative price", { priceCents: -1 }, "priceCents"],
    ["a fractional price", { priceCents: 10.5 }, "priceCents"],
    ["a price above the maximum", { priceCents: MAX_PRICE_CENTS + 1 }, "priceCents"],
    ["an unsafe integer price", { priceCents: Number.MAX_SAFE_INTEGER + 2 }, "priceCents"],
    ["a negative weight", { weightGrams: -5 }, "weightGrams"],
    ["a fractional weight", { weightGrams: 0.5 }, "weightGrams"],
    ["a weight above the maximum", { weightGrams: MAX_WEIGHT_GRAMS + 1 }, "weightGrams"],
    ["a blank category slug", { categorySlug: "  " }, "categorySlug"],
    ["a NUL in the SKU", { sku: "KT\u0000-1" }, "sku"],
    ["a NUL in the name", { name: "Milk\u0000Frother" }, "name"],
    ["a lone surrogate in the name", { name: "Milk \uD800" }, "name"],
    ["a line break in the name", { name: "Milk\nFrother" }, "name"],
    ["a NUL in the description", { description: "Froths\u0000milk." }, "description"],
    ["an escape sequence in the description", { description: "\u001b[2J" }, "description"],
    ["a lone surrogate in the description", { description: "\uDFFF" }, "description"],
    ["a NUL in the category slug", { categorySlug: "kitchen\u0000" }, "categorySlug"],
  ])("refuses %s, naming the field", (_case, change, field) => {
    expect(fieldOf(change)).toBe(field);
  });
});
