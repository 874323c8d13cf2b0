import { BadUserInputError } from "../../../../packages/errors";
import { MAX_SEARCH_LENGTH, validateProductFilter, type ProductFilterInput } from "./product-filter";

function refusal(filter: ProductFilterInput): BadUserInputError {
  try {
    validateProductFilter(filter);
  } catch (error) {
    if (error instanceof BadUserInputError) return error;
    throw error;
  }
  throw new Error("the filter was accepted");
}

describe("validateProductFilter", () => {
  it("narrows nothing without a filter or with blank or null values", () => {
    expect(validateProductFilter(null)).toEqual({});
    expect(validateProductFilter({ search: "  ", categorySlug: "", minPriceCents: null, maxPriceCents: undefined })).toEqual({});
  });

  it("trims the search and the slug and keeps price bounds, equal bounds included", () => {
    expect(validateProductFilter({ search: " Kettle ", categorySlug: " kitchen ", minPriceCents: 100, maxPriceCents: 100 })).toEqual({
      search: "Kettle",
      categorySlug: "kitchen",
      minPriceCents: 100,
      maxPriceCents: 100,
    });
    expect(validateProductFilter({ minPriceCents: 0 })).toEqual({ minPriceCents: 0 });
  });

  it.each<[string, ProductFilterInput, string]>([
    ["a negative minimum", { minPriceCents: -1 }, "minPriceCents"],
    ["a negative maximum", { maxPriceCents: -1 }, "maxPriceCents"],
    ["a fractional bound", { maxPriceCents: 1.5 }, "maxPriceCents"],
    ["a minimum above the maximum", { minPriceCents: 500, maxPriceCents: 499 }, "minPriceCents"],
    ["a search that is too long", { search: "x".repeat(MAX_SEARCH_LENGTH + 1) }, "search"],
    ["a NUL in the search", { search: "ket\u0000tle" }, "search"],
    ["a lone surrogate in the search", { search: "\uD800" }, "search"],
    ["a NUL in the category slug", { categorySlug: "kitchen\u0000" }, "categorySlug"],
    ["a category slug of 100k characters", { categorySlug: "k".repeat(100_000) }, "categorySlug"],
  ])("refuses %s", (_case, filter, field) => {
    expect(refusal(filter).field).toBe(field);
  });
});
