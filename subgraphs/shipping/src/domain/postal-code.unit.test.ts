import { normalizePostalCode } from "./postal-code";

describe("postal codes", () => {
  it.each([
    ["10001", "10001"],
    ["sw1a 1aa", "SW1A1AA"],
    ["99501-1234", "995011234"],
    ["ab", "AB"],
    ["1234567890", "1234567890"],
  ])("accepts %p as %p", (given, normalized) => {
    expect(normalizePostalCode(given)).toBe(normalized);
  });

  it.each(["", "1", "12345678901", "!!", "1000;1", "10001\n", "   ", "--", "ÄB12", "12_34"])(
    "refuses %p as BAD_USER_INPUT on postalCode",
    (postalCode) => {
      expect(() => normalizePostalCode(postalCode)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field: "postalCode" }));
    },
  );
});
