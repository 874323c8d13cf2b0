import { BadUserInputError } from "../../../../packages/errors";
import { advanceOf, CARRIER, estimatedDeliveryFrom, hasLeft, trackingNumberFor } from "./shipment-progress";

const id = "7d1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

describe("advanceOf", () => {
  it("ships a pending shipment with the carrier and a tracking number", () => {
    expect(advanceOf({ id, status: "PENDING" })).toEqual({ status: "SHIPPED", carrier: CARRIER, trackingNumber: trackingNumberFor(id) });
  });

  it.each([
    ["SHIPPED", "IN_TRANSIT"],
    ["IN_TRANSIT", "DELIVERED"],
  ] as const)("moves %s to %s and leaves carrier and tracking as they are", (status, next) => {
    expect(advanceOf({ id, status })).toEqual({ status: next });
  });

  it.each([
    ["DELIVERED", /already delivered/],
    ["CANCELLED", /cancelled/],
  ] as const)("refuses to advance a %s shipment with BAD_USER_INPUT on orderId", (status, message) => {
    const attempt = () => advanceOf({ id, status });
    expect(attempt).toThrow(BadUserInputError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field: "orderId" }));
  });
});

describe("trackingNumberFor", () => {
  it("is the same for the same shipment, different for another, JJD and 16 digits", () => {
    const other = "7d1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5c";
    expect(trackingNumberFor(id)).toMatch(/^JJD\d{16}$/);
    expect(trackingNumberFor(id)).toBe(trackingNumberFor(id));
    expect(trackingNumberFor(other)).not.toBe(trackingNumberFor(id));
  });
});

describe("estimatedDeliveryFrom", () => {
  it("is five days later", () => {
    expect(estimatedDeliveryFrom(new Date("2026-11-23T10:00:00.000Z"))).toEqual(new Date("2026-11-28T10:00:00.000Z"));
  });
});

describe("hasLeft", () => {
  it.each([
    ["PENDING", false],
    ["CANCELLED", false],
    ["SHIPPED", true],
    ["IN_TRANSIT", true],
    ["DELIVERED", true],
  ] as const)("%s -> %s", (status, left) => {
    expect(hasLeft(status)).toBe(left);
  });
});
