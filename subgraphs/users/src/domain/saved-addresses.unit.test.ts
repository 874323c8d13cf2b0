import { validateProfileUpdate } from "./profile";
import { validateSavedAddress } from "./saved-addresses";

const address = { line1: " 1 Main St ", line2: "  ", city: "Berlin", postalCode: "10115", country: "de" };

function refusedField(attempt: () => unknown): string | undefined {
  try {
    attempt();
  } catch (error) {
    expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
    return (error as { field?: string }).field;
  }
  throw new Error("expected a BAD_USER_INPUT");
}

describe("validateSavedAddress", () => {
  it("normalizes the address as checkout does and keeps a trimmed label", () => {
    expect(validateSavedAddress(address, " Home ")).toEqual({
      label: "Home",
      address: { line1: "1 Main St", line2: null, city: "Berlin", postalCode: "10115", country: "DE" },
    });
  });

  it("takes no label, or a blank one, as none", () => {
    expect(validateSavedAddress(address, null).label).toBeNull();
    expect(validateSavedAddress(address, "   ").label).toBeNull();
  });

  it.each([
    ["a NUL in line1", { ...address, line1: "1 Main\u0000St" }, null, "line1"],
    ["a lone surrogate in the city", { ...address, city: "Berlin\uD800" }, null, "city"],
    ["a country that is no code", { ...address, country: "Germany" }, null, "country"],
    ["a 100k-character postal code", { ...address, postalCode: "1".repeat(100_000) }, null, "postalCode"],
    ["a label of 51 characters", address, "a".repeat(51), "label"],
    ["a line break in the label", address, "Home\nOffice", "label"],
  ])("refuses %s, naming the field", (_case, input, label, field) => {
    expect(refusedField(() => validateSavedAddress(input, label))).toBe(field);
  });
});

describe("validateProfileUpdate", () => {
  it("changes nothing for a null or absent name, and trims a given one", () => {
    expect(validateProfileUpdate({})).toEqual({});
    expect(validateProfileUpdate({ name: null })).toEqual({});
    expect(validateProfileUpdate({ name: "  Alice B. " })).toEqual({ name: "Alice B." });
  });

  it.each([
    ["a blank name", "   "],
    ["a NUL", "Al\u0000ice"],
    ["a lone surrogate", "\uDFFF"],
    ["101 characters", "a".repeat(101)],
  ])("refuses %s, naming the field", (_case, name) => {
    expect(refusedField(() => validateProfileUpdate({ name }))).toBe("name");
  });
});
