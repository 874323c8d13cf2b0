import { normalizeShippingAddress, type AddressInput } from "./address";

const address: AddressInput = { line1: " 1 Main St ", line2: "  ", city: " Springfield", postalCode: " 12345 ", country: " us " };

function fieldOf(input: AddressInput): string | undefined {
  try {
    normalizeShippingAddress(input);
  } catch (error) {
    expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
    return (error as { field?: string }).field;
  }
  throw new Error("expected a BAD_USER_INPUT");
}

describe("shipping address", () => {
  it("is trimmed, with an empty line2 as null and an upper-case country", () => {
    expect(normalizeShippingAddress(address)).toEqual({
      line1: "1 Main St",
      line2: null,
      city: "Springfield",
      postalCode: "12345",
      country: "US",
    });
    expect(normalizeShippingAddress({ ...address, line2: " Apt 4 " }).line2).toBe("Apt 4");
    expect(normalizeShippingAddress({ ...address, line2: undefined }).line2).toBeNull();
  });

  it.each([
    [{ line1: "   " }, "shippingAddress.line1"],
    [{ city: "" }, "shippingAddress.city"],
    [{ postalCode: "x".repeat(21) }, "shippingAddress.postalCode"],
    [{ line2: "x".repeat(201) }, "shippingAddress.line2"],
    [{ country: "USA" }, "shippingAddress.country"],
    [{ country: "1A" }, "shippingAddress.country"],
  ])("refuses %p and names the field", (change, field) => {
    expect(fieldOf({ ...address, ...change })).toBe(field);
  });

  it.each<[string, Partial<AddressInput>, string]>([
    ["a NUL in line1", { line1: "1 Main\u0000St" }, "shippingAddress.line1"],
    ["a lone surrogate in line1", { line1: "1 Main St\uD800" }, "shippingAddress.line1"],
    ["a line break in line2", { line2: "Apt 4\nFloor 2" }, "shippingAddress.line2"],
    ["a bell in the city", { city: "Spring\u0007field" }, "shippingAddress.city"],
    ["a lone low surrogate in the postal code", { postalCode: "\uDFFF1234" }, "shippingAddress.postalCode"],
    ["a NUL in the country", { country: "U\u0000" }, "shippingAddress.country"],
    ["100k characters in line1", { line1: "x".repeat(100_000) }, "shippingAddress.line1"],
  ])("refuses %s before anything reaches a database", (_case, change, field) => {
    expect(fieldOf({ ...address, ...change })).toBe(field);
  });

  it("keeps RTL and zero-width characters", () => {
    expect(normalizeShippingAddress({ ...address, line1: "\u202Eשדרות 1\u200B" }).line1).toBe("\u202Eשדרות 1\u200B");
  });
});
