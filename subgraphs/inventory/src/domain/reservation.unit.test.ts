import { decideReservation, earlierOutcome, mergeLines, shipmentTakesStock } from "./reservation";

const A = "0a4f7c1e-3b2d-4c5e-8f90-1a2b3c4d5e6f";
const B = "1b4f7c1e-3b2d-4c5e-8f90-1a2b3c4d5e6f";

describe("mergeLines", () => {
  it("adds up lines of the same product, whatever the id's case, and sorts by product id", () => {
    expect(
      mergeLines([
        { productId: B, quantity: 1 },
        { productId: A.toUpperCase(), quantity: 2 },
        { productId: A, quantity: 3 },
      ]),
    ).toEqual([
      { productId: A, quantity: 5 },
      { productId: B, quantity: 1 },
    ]);
  });
});

describe("decideReservation", () => {
  const stock = new Map([
    [A, { onHand: 10, reserved: 7 }],
    [B, { onHand: 5, reserved: 0 }],
  ]);

  it("reserves when every line is available, up to the last unit", () => {
    expect(decideReservation([{ productId: A, quantity: 3 }, { productId: B, quantity: 5 }], stock)).toEqual({ reserved: true });
  });

  it("rejects the whole order when one line is short, naming that product and the numbers", () => {
    expect(decideReservation([{ productId: A, quantity: 4 }, { productId: B, quantity: 1 }], stock)).toEqual({
      reserved: false,
      reason: `not enough stock for ${A}: 3 available, 4 asked`,
    });
  });

  it("names every short line, and treats a product without stock as having none", () => {
    const unknown = "2c4f7c1e-3b2d-4c5e-8f90-1a2b3c4d5e6f";
    expect(decideReservation([{ productId: B, quantity: 6 }, { productId: unknown, quantity: 1 }], stock)).toEqual({
      reserved: false,
      reason: `not enough stock for ${B}: 5 available, 6 asked; not enough stock for ${unknown}: 0 available, 1 asked`,
    });
  });
});

describe("earlierOutcome", () => {
  it("decides anew when the order reserved nothing before", () => {
    expect(earlierOutcome([])).toBeNull();
  });

  it.each([[["RESERVED", "RESERVED"]], [["COMMITTED"]], [["COMMITTED", "RELEASED"]]] as const)(
    "answers reserved again while stock is held or has shipped: %p",
    (statuses) => {
      expect(earlierOutcome(statuses)).toEqual({ reserved: true });
    },
  );

  it("does not hold released stock again", () => {
    expect(earlierOutcome(["RELEASED", "RELEASED"])).toEqual({ reserved: false, reason: expect.stringContaining("already released") });
  });
});

describe("shipmentTakesStock", () => {
  it.each([
    ["SHIPPED", true],
    ["IN_TRANSIT", false],
    ["DELIVERED", false],
    ["CANCELLED", false],
  ])("%s -> %s", (status, expected) => {
    expect(shipmentTakesStock(status)).toBe(expected);
  });
});
