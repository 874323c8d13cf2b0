import { inventoryLevelOf, isInStock } from "./stock-level";

describe("inventory levels", () => {
  it("derives available from on hand minus reserved", () => {
    expect(inventoryLevelOf({ onHand: 10, reserved: 3 })).toEqual({ onHand: 10, reserved: 3, available: 7 });
  });

  it("treats a product without a stock record as having zero stock", () => {
    expect(inventoryLevelOf(null)).toEqual({ onHand: 0, reserved: 0, available: 0 });
  });

  it("never shows a negative available, even if quantities were ever inconsistent", () => {
    expect(inventoryLevelOf({ onHand: 2, reserved: 5 }).available).toBe(0);
  });

  it.each([
    [{ onHand: 1, reserved: 0 }, true],
    [{ onHand: 5, reserved: 4 }, true],
    [{ onHand: 5, reserved: 5 }, false],
    [{ onHand: 0, reserved: 0 }, false],
  ])("is in stock only while something is available: %o -> %s", (stock, expected) => {
    expect(isInStock(inventoryLevelOf(stock))).toBe(expected);
  });
});
