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
});
