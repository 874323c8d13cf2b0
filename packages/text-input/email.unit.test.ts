import fc from "fast-check";
import { MAX_EMAIL_LOCAL_OCTETS, MAX_EMAIL_OCTETS, readEmail } from "./email";

function fieldOfRefusal(value: string): string | undefined {
  try {
    readEmail(value, "email");
  } catch (error) {
    expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
    return (error as { field?: string }).field;
  }
  return undefined;
}

describe("readEmail", () => {
  const at = (local: number, domain: number) => `${"a".repeat(local)}@${"b".repeat(domain - 4)}.com`;

  it("accepts an address at RFC 5321's limits and returns it trimmed", () => {
    expect(readEmail("  alice@shop.local ", "email")).toBe("alice@shop.local");
    expect(readEmail(at(MAX_EMAIL_LOCAL_OCTETS, MAX_EMAIL_OCTETS - MAX_EMAIL_LOCAL_OCTETS - 1), "email")).toHaveLength(MAX_EMAIL_OCTETS);
  });

  it.each([
    ["a 320-character address", at(64, 255)],
    ["255 octets", at(64, 190)],
    ["a local part of 65 octets", at(65, 20)],
    ["a local part of 33 two-octet characters", `${"é".repeat(33)}@shop.local`],
    ["a NUL byte", "ali\u0000ce@shop.local"],
    ["a lone surrogate", "ali\uD800ce@shop.local"],
    ["a line break", "alice@shop.local\nbcc: eve@evil.example"],
  ])("refuses %s as BAD_USER_INPUT naming the field", (_case, value) => {
    expect(fieldOfRefusal(value)).toBe("email");
  });

  it("never returns more than 254 octets, or a local part over 64", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 300 }), (local, domain) => {
        let email: string;
        try {
          email = readEmail(`${local}@${domain}`, "email");
        } catch {
          return true;
        }
        return Buffer.byteLength(email) <= MAX_EMAIL_OCTETS && Buffer.byteLength(email.slice(0, email.lastIndexOf("@"))) <= MAX_EMAIL_LOCAL_OCTETS;
      }),
    );
  });
});
