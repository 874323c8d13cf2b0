import { BadUserInputError } from "../../../../packages/errors";
import { encodeCursor } from "../../../../packages/pagination";
import { parseProductCursor, productCursor, PRODUCT_SORTS, type ProductSort } from "./product-sort";

const product = {
  id: "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
  createdAt: new Date("2026-01-01T10:20:30.123Z"),
  priceCents: 4200,
  name: "Cast Iron Skillet",
};

const sorts = Object.keys(PRODUCT_SORTS) as ProductSort[];

function refusal(sort: ProductSort, cursor: string): BadUserInputError {
  try {
    parseProductCursor(sort, cursor);
  } catch (error) {
    if (error instanceof BadUserInputError) return error;
    throw error;
  }
  throw new Error("the cursor was accepted");
}

describe("product cursors", () => {
  it.each(sorts)("round-trip the %s key and the id", (sort) => {
    const key = product[PRODUCT_SORTS[sort].key];
    expect(parseProductCursor(sort, encodeCursor(productCursor(sort, product)))).toEqual({ key, id: product.id });
  });

  it("maps each contract sort to its key and direction", () => {
    expect(PRODUCT_SORTS).toEqual({
      NEWEST: { key: "createdAt", direction: "desc" },
      PRICE_ASC: { key: "priceCents", direction: "asc" },
      PRICE_DESC: { key: "priceCents", direction: "desc" },
      NAME_ASC: { key: "name", direction: "asc" },
    });
  });

  it("writes the sort's name first, the key as JSON-safe values, then the id", () => {
    expect(productCursor("NEWEST", product)).toEqual(["NEWEST", "2026-01-01T10:20:30.123Z", product.id]);
    expect(productCursor("PRICE_DESC", product)).toEqual(["PRICE_DESC", 4200, product.id]);
  });

  it("refuses a cursor written for another sort", () => {
    const priceCursor = encodeCursor(productCursor("PRICE_ASC", product));
    expect(refusal("PRICE_DESC", priceCursor).message).toMatch(/another sort/);
    expect(refusal("NEWEST", priceCursor).field).toBe("after");
  });

  it.each([
    ["garbage", "!!not-a-cursor!!"],
    ["the wrong number of values", encodeCursor(["NEWEST", product.id])],
    ["an id that is not a uuid", encodeCursor(["NEWEST", product.createdAt.toISOString(), "42"])],
    ["a date that is not an ISO instant", encodeCursor(["NEWEST", "yesterday", product.id])],
    ["a loosely written date", encodeCursor(["NEWEST", "2026-01-01", product.id])],
  ])("refuses %s for NEWEST", (_case, cursor) => {
    expect(refusal("NEWEST", cursor).field).toBe("after");
  });

  it("refuses a price key that is not an integer and a name key that is not a string", () => {
    expect(refusal("PRICE_ASC", encodeCursor(["PRICE_ASC", "4200", product.id])).field).toBe("after");
    expect(refusal("PRICE_ASC", encodeCursor(["PRICE_ASC", 42.5, product.id])).field).toBe("after");
    expect(refusal("NAME_ASC", encodeCursor(["NAME_ASC", 7, product.id])).field).toBe("after");
  });
});
