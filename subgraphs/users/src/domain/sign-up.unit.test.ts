import { validateLogIn, validateSignUp, type SignUpRequest } from "./sign-up";

const valid: SignUpRequest = { email: " Alice@Shop.Local ", password: " a password ", name: " Alice " };

function refusedField(attempt: () => unknown): string | undefined {
  try {
    attempt();
  } catch (error) {
    expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
    return (error as { field?: string }).field;
  }
  throw new Error("expected a BAD_USER_INPUT");
}

describe("validateSignUp", () => {
  it("normalizes the email and name, and keeps the password as typed", () => {
    expect(validateSignUp(valid)).toEqual({ email: "alice@shop.local", password: " a password ", name: "Alice" });
  });

  it.each<[string, Partial<SignUpRequest>, string]>([
    ["a 320-character email", { email: `${"a".repeat(64)}@${"b".repeat(251)}.com` }, "email"],
    ["a local part over 64 octets", { email: `${"a".repeat(65)}@shop.local` }, "email"],
    ["a NUL in the email", { email: "alice\u0000@shop.local" }, "email"],
    ["an email that is not one", { email: "alice" }, "email"],
    ["a short password", { password: "short" }, "password"],
    ["a password of 4 emoji (8 UTF-16 units, 4 characters)", { password: "\u{1F600}".repeat(4) }, "password"],
    ["a lone surrogate in the password", { password: "password\uD800" }, "password"],
    ["a NUL in the password", { password: "pass\u0000word" }, "password"],
    ["a NUL in the name", { name: "Al\u0000ice" }, "name"],
    ["a lone surrogate in the name", { name: "Alice\uDFFF" }, "name"],
    ["a line break in the name", { name: "Alice\nAdmin" }, "name"],
    ["a name of 101 characters", { name: "a".repeat(101) }, "name"],
    ["a blank name", { name: "  " }, "name"],
  ])("refuses %s, naming the field", (_case, change, field) => {
    expect(refusedField(() => validateSignUp({ ...valid, ...change }))).toBe(field);
  });

  it("takes names in any script, with RTL and zero-width characters", () => {
    expect(validateSignUp({ ...valid, name: "\u202Eسارة\u200D" }).name).toBe("\u202Eسارة\u200D");
  });
});

describe("validateLogIn", () => {
  it("normalizes the email and keeps the password as typed", () => {
    expect(validateLogIn({ email: " Alice@Shop.Local", password: " pw " })).toEqual({ email: "alice@shop.local", password: " pw " });
  });

  it.each([
    ["a NUL in the email", { email: "alice\u0000@shop.local", password: "a password" }, "email"],
    ["a 311-character email", { email: `${"a".repeat(300)}@shop.local`, password: "a password" }, "email"],
    ["a 100k-character password", { email: "alice@shop.local", password: "x".repeat(100_000) }, "password"],
    ["a lone surrogate as the password", { email: "alice@shop.local", password: "\uD800" }, "password"],
  ])("refuses text no account can match without looking: %s", (_case, input, field) => {
    expect(refusedField(() => validateLogIn(input))).toBe(field);
  });
});
