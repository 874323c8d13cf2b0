import { estimateShipping } from "./shipping-estimate";

describe("estimateShipping", () => {
  it("prices by weight and the postal code's zone, in USD", () => {
    expect(estimateShipping(1_200, "10001")).toEqual({ cents: 899, currency: "USD", formatted: "$8.99" });
    expect(estimateShipping(1_200, "99501")).toEqual({ cents: 1899, currency: "USD", formatted: "$18.99" });
  });

  it("matches zones whatever the postal code's case, spaces or dashes", () => {
    expect(estimateShipping(100, "ze1 0aa").cents).toBe(estimateShipping(100, "ZE10AA").cents);
    expect(estimateShipping(100, "995-01").cents).toBe(899);
  });

  it.each([null, undefined])("uses STANDARD rates when the postal code is %p", (postalCode) => {
    expect(estimateShipping(1_200, postalCode).cents).toBe(899);
  });

  it("refuses a malformed postal code", () => {
    expect(() => estimateShipping(1_200, "<script>")).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });
});
