import { isRevoked, notBeforeKey, revokedSessionKey } from "./revocations";

describe("revocation marks", () => {
  const issuedAt = 1_800_000_000;

  it("let a token through when Redis holds nothing for it", () => {
    expect(isRevoked({ revokedSession: null, notBeforeSeconds: null }, issuedAt)).toBe(false);
  });

  it("refuse a token whose session was ended, whatever its issue time", () => {
    expect(isRevoked({ revokedSession: "1", notBeforeSeconds: null }, issuedAt)).toBe(true);
    expect(isRevoked({ revokedSession: "1", notBeforeSeconds: String(issuedAt - 100) }, issuedAt)).toBe(true);
  });

  it("refuse a token issued before the user's not-before second, and take one issued in it or after", () => {
    expect(isRevoked({ revokedSession: null, notBeforeSeconds: String(issuedAt + 1) }, issuedAt)).toBe(true);
    expect(isRevoked({ revokedSession: null, notBeforeSeconds: String(issuedAt) }, issuedAt)).toBe(false);
    expect(isRevoked({ revokedSession: null, notBeforeSeconds: String(issuedAt - 1) }, issuedAt)).toBe(false);
  });

  it("refuse when the not-before mark cannot be read", () => {
    expect(isRevoked({ revokedSession: null, notBeforeSeconds: "garbage" }, issuedAt)).toBe(true);
  });

  it("name keys per session and per user", () => {
    expect(revokedSessionKey("s1")).not.toBe(revokedSessionKey("s2"));
    expect(notBeforeKey("u1")).toBe("shop:auth:not-before:u1");
  });
});
