import { randomUUID } from "node:crypto";
import { lineSubtotalCents, MAX_ORDER_LINES, orderCharge, orderTotal, type OrderLine } from "./order-lines";

function line(unitPriceCents: number, quantity: number, currency = "USD"): OrderLine {
  return { productId: randomUUID(), productName: "Widget", unitPriceCents, currency, quantity };
}

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
    return (error as { field?: string }).field;
  }
  throw new Error("expected a BAD_USER_INPUT");
}

describe("order totals in integer cents", () => {
  it("multiplies a line's unit price by its quantity", () => {
    expect(lineSubtotalCents({ unitPriceCents: 1999, quantity: 3 })).toBe(5997);
  });

  it("sums the lines exactly, where floats would drift", () => {
    // 0.1 + 0.2 style: ten lines of 10 cents add up to exactly 100 cents.
    expect(orderTotal(Array.from({ length: 10 }, () => line(10, 1)))).toEqual({ cents: 100, currency: "USD" });
    expect(orderTotal([line(1999, 2), line(1, 100), line(0, 1)])).toEqual({ cents: 4098, currency: "USD" });
  });

  it("refuses an empty order and one with too many lines", () => {
    expect(fieldOf(() => orderTotal([]))).toBe("items");
    expect(fieldOf(() => orderTotal(Array.from({ length: MAX_ORDER_LINES + 1 }, () => line(100, 1))))).toBe("items");
    expect(orderTotal(Array.from({ length: MAX_ORDER_LINES }, () => line(100, 1))).cents).toBe(5000);
  });

  it.each([0, -1, 101, 1.5])("refuses a quantity of %p and names the line", (quantity) => {
    expect(fieldOf(() => orderTotal([line(100, 1), line(100, quantity)]))).toBe("items[1].quantity");
  });

  it.each([-1, 0.5])("refuses a unit price of %p cents", (cents) => {
    expect(fieldOf(() => orderTotal([line(cents, 1)]))).toBe("items[0].unitPrice");
  });

  it("refuses lines in different currencies", () => {
    expect(fieldOf(() => orderTotal([line(100, 1, "USD"), line(100, 1, "EUR")]))).toBe("items");
  });
});

describe("what an order charges", () => {
  it("adds shipping to the lines' subtotal, in the lines' currency", () => {
    expect(orderCharge([line(1999, 2), line(500, 1)], 699)).toEqual({ subtotalCents: 4498, shippingCents: 699, totalCents: 5197, currency: "USD" });
    expect(orderCharge([line(100, 1, "EUR")], 0)).toEqual({ subtotalCents: 100, shippingCents: 0, totalCents: 100, currency: "EUR" });
  });

  it("refuses a negative or fractional shipping cost, and checks the lines as orderTotal does", () => {
    expect(() => orderCharge([line(100, 1)], -1)).toThrow(RangeError);
    expect(() => orderCharge([line(100, 1)], 1.5)).toThrow(RangeError);
    expect(fieldOf(() => orderCharge([], 100))).toBe("items");
  });
});
