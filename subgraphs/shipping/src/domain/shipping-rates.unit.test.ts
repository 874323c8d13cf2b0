import { SHIPPING_ZONES, shippingCents, zoneOf } from "./shipping-rates";

const SWEEP_MAX_GRAMS = 50_000;

describe("the rate table", () => {
  it.each(SHIPPING_ZONES)("never charges less for a heavier parcel in zone %s (every gram 0..50 kg)", (zone) => {
    let previous = shippingCents(0, zone);
    const cheaperThanLighter: number[] = [];
    for (let grams = 1; grams <= SWEEP_MAX_GRAMS; grams += 1) {
      const cents = shippingCents(grams, zone);
      if (cents < previous) cheaperThanLighter.push(grams);
      previous = cents;
    }
    expect(cheaperThanLighter).toEqual([]);
  });

  it("never charges less for REMOTE than for STANDARD at the same weight", () => {
    const cheaperWhenRemote: number[] = [];
    for (let grams = 0; grams <= SWEEP_MAX_GRAMS; grams += 1) {
      if (shippingCents(grams, "REMOTE") < shippingCents(grams, "STANDARD")) cheaperWhenRemote.push(grams);
    }
    expect(cheaperWhenRemote).toEqual([]);
  });

  it.each([
    [0, 399, 899],
    [250, 399, 899],
    [251, 499, 1099],
    [1_000, 699, 1499],
    [1_200, 899, 1899],
    [5_000, 1299, 2699],
    [20_000, 2999, 5999],
    [20_001, 3149, 6299],
    [21_000, 3149, 6299],
    [21_001, 3299, 6599],
    [50_000, 7499, 14999],
  ])("prices %d g at %d cents STANDARD and %d cents REMOTE", (grams, standard, remote) => {
    expect(shippingCents(grams, "STANDARD")).toBe(standard);
    expect(shippingCents(grams, "REMOTE")).toBe(remote);
  });

  it.each([-1, 1.5, Number.NaN])("refuses an impossible weight of %d grams", (grams) => {
    expect(() => shippingCents(grams, "STANDARD")).toThrow(RangeError);
  });
});

describe("zones", () => {
  it.each([
    ["99501", "REMOTE"], // Anchorage
    ["96813", "REMOTE"], // Honolulu
    ["00901", "REMOTE"], // San Juan
    ["HS12AB", "REMOTE"], // Outer Hebrides
    ["ZE10AA", "REMOTE"], // Shetland
    ["10001", "STANDARD"],
    ["SW1A1AA", "STANDARD"],
    ["75008", "STANDARD"],
  ] as const)("puts %s in %s", (postalCode, zone) => {
    expect(zoneOf(postalCode)).toBe(zone);
  });

  it("ships at STANDARD rates when no postal code is given", () => {
    expect(zoneOf(null)).toBe("STANDARD");
  });
});
