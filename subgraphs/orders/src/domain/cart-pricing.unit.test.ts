import { shippingInLineCurrency, totalWeightGrams } from "./cart-pricing";

describe("a cart's parcel", () => {
  it("weighs every unit of every line", () => {
    expect(totalWeightGrams([{ product: { weightGrams: 60 }, quantity: 2 }, { product: { weightGrams: 2_700 }, quantity: 1 }])).toBe(2_820);
    expect(totalWeightGrams([])).toBe(0);
  });

  it("refuses a weight that is not a safe integer", () => {
    expect(() => totalWeightGrams([{ product: { weightGrams: Number.MAX_SAFE_INTEGER }, quantity: 2 }])).toThrow(RangeError);
  });
});

describe("shipping in the lines' currency", () => {
  it("takes shipping's cents when the currencies agree, and for an empty cart", () => {
    expect(shippingInLineCurrency({ cents: 699, currency: "USD" }, [{ currency: "USD" }])).toBe(699);
    expect(shippingInLineCurrency({ cents: 399, currency: "USD" }, [])).toBe(399);
  });

  it("refuses to add amounts in two currencies", () => {
    expect(() => shippingInLineCurrency({ cents: 699, currency: "USD" }, [{ currency: "EUR" }])).toThrow(/USD.*EUR/);
  });
});
