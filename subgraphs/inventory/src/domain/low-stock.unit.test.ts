import { lowStockCrossings } from "./low-stock";

const mug = "00000000-0000-4000-8000-000000000001";
const kettle = "00000000-0000-4000-8000-000000000002";

describe("lowStockCrossings", () => {
  const stock = new Map([
    [mug, { onHand: 10, reserved: 4 }], // 6 available
    [kettle, { onHand: 4, reserved: 0 }], // 4 available: already under 5
  ]);

  it("names a product whose available stock falls from at or above the threshold to below it", () => {
    expect(lowStockCrossings([{ productId: mug, quantity: 2 }], stock, 5)).toEqual([{ productId: mug, available: 4, threshold: 5 }]);
  });

  it("is silent while stock stays at or above the threshold, and for a product already under it", () => {
    expect(lowStockCrossings([{ productId: mug, quantity: 1 }], stock, 5)).toEqual([]);
    expect(lowStockCrossings([{ productId: kettle, quantity: 1 }], stock, 5)).toEqual([]);
  });

  it("counts from exactly the threshold, down to nothing", () => {
    expect(lowStockCrossings([{ productId: mug, quantity: 6 }], stock, 6)).toEqual([{ productId: mug, available: 0, threshold: 6 }]);
  });

  it("is off with a threshold of 0", () => {
    expect(lowStockCrossings([{ productId: mug, quantity: 6 }], stock, 0)).toEqual([]);
  });
});
