import { hashRefreshToken, looksLikeRefreshToken, newRefreshToken } from "./refresh-tokens";

describe("refresh tokens", () => {
  it("are 256 random bits, stored only as their SHA-256", () => {
    const first = newRefreshToken();
    const second = newRefreshToken();
    expect(first.token).not.toBe(second.token);
    expect(Buffer.from(first.token, "base64url")).toHaveLength(32);
    expect(first.hash).toEqual(hashRefreshToken(first.token));
    expect(first.hash).toHaveLength(32);
    expect(looksLikeRefreshToken(first.token)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["a JWT", "eyJhbGciOiJIUzI1NiJ9.e30.sig"],
    ["one character short", "a".repeat(42)],
    ["a NUL inside", `${"a".repeat(21)}\u0000${"a".repeat(21)}`],
    ["huge", "a".repeat(1_000_000)],
  ])("refuses %s before any lookup", (_case, value) => {
    expect(looksLikeRefreshToken(value)).toBe(false);
  });
});
