import { cartSubtotal, cartTotal, EMPTY_CART_CURRENCY, priceCartLines, shippingInLineCurrency, totalWeightGrams } from "./cart-pricing";

describe("a cart's parcel", () => {
  it("weighs every unit of every line", () => {
    expect(totalWeightGrams([{ weightGrams: 60, quantity: 2 }, { weightGrams: 2_700, quantity: 1 }])).toBe(2_820);
    expect(totalWeightGrams([])).toBe(0);
  });

  it("refuses a weight that is not a safe integer", () => {
    expect(() => totalWeightGrams([{ weightGrams: Number.MAX_SAFE_INTEGER, quantity: 2 }])).toThrow(RangeError);
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

describe("a cart at current prices", () => {
  const mug = { id: "mug", priceCents: 1999, currency: "USD", weightGrams: 400 };

  it("prices each line from the catalogue and leaves out a product the catalogue no longer has", () => {
    const priced = priceCartLines(
      [
        { productId: "mug", quantity: 2 },
        { productId: "gone", quantity: 1 },
      ],
      [mug, null],
    );
    expect(priced).toEqual([{ productId: "mug", quantity: 2, unitPriceCents: 1999, currency: "USD", weightGrams: 400 }]);
    expect(cartSubtotal(priced)).toEqual({ cents: 3998, currency: "USD" });
  });

  it("totals subtotal + shipping, or the subtotal alone while there is no shipping cost", () => {
    expect(cartTotal({ cents: 3998, currency: "USD" }, { cents: 699, currency: "USD" })).toEqual({ cents: 4697, currency: "USD" });
    expect(cartTotal({ cents: 3998, currency: "USD" }, null)).toEqual({ cents: 3998, currency: "USD" });
    expect(() => cartTotal({ cents: 1, currency: "EUR" }, { cents: 699, currency: "USD" })).toThrow(/USD.*EUR/);
  });

  it("has a zero subtotal in the catalogue's currency when empty, and refuses mixed currencies", () => {
    expect(cartSubtotal([])).toEqual({ cents: 0, currency: EMPTY_CART_CURRENCY });
    const line = { productId: "x", quantity: 1, unitPriceCents: 1, weightGrams: 1 };
    expect(() => cartSubtotal([{ ...line, currency: "USD" }, { ...line, currency: "EUR" }])).toThrow(/currency/);
  });
});
