import jwt from "jsonwebtoken";
import { InvalidTokenError, issueAccessToken, verifyAccessToken, type TokenSettings } from "./access-token";
import { accessTokenExpiresAt } from "./token-expiry";

const settings: TokenSettings = { secret: "a-test-secret-of-some-length-0123456789", issuer: "shop-users", audience: "shop-gateway", ttlSeconds: 60 };
const caller = { userId: "8d2b7f0e-6f8a-4a53-9c8c-3a3f4f1f2a10", role: "CUSTOMER" as const };

describe("access tokens", () => {
  it("verifies what it issues", () => {
    expect(verifyAccessToken(settings, issueAccessToken(settings, caller))).toEqual(caller);
  });

  it("verifies a token signed with the secret as a plain string (tokens issued before the key object)", () => {
    const token = jwt.sign({ role: "ADMIN" }, settings.secret, { algorithm: "HS256", subject: caller.userId, issuer: settings.issuer, audience: settings.audience, expiresIn: 60 });
    expect(verifyAccessToken(settings, token)).toEqual({ userId: caller.userId, role: "ADMIN" });
  });

  it("refuses another secret, another algorithm, no signature, and an expired token", () => {
    const other = issueAccessToken({ ...settings, secret: "another-secret-of-some-length-987654321" }, caller);
    const hs512 = jwt.sign({ role: "CUSTOMER" }, settings.secret, { algorithm: "HS512", subject: caller.userId, issuer: settings.issuer, audience: settings.audience });
    const unsigned = jwt.sign({ role: "CUSTOMER", sub: caller.userId, iss: settings.issuer, aud: settings.audience }, "", { algorithm: "none" });
    const expired = issueAccessToken({ ...settings, ttlSeconds: -10 }, caller);
    for (const token of [other, hs512, unsigned, expired]) expect(() => verifyAccessToken(settings, token)).toThrow(InvalidTokenError);
  });

  it("refuses a token for another audience or issuer", () => {
    const token = issueAccessToken(settings, caller);
    expect(() => verifyAccessToken({ ...settings, audience: "elsewhere" }, token)).toThrow(InvalidTokenError);
    expect(() => verifyAccessToken({ ...settings, issuer: "elsewhere" }, token)).toThrow(InvalidTokenError);
  });
});

describe("a token's expiry", () => {
  it("is its exp in milliseconds, and null for what is not a token with one", () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const expiresAt = accessTokenExpiresAt(issueAccessToken(settings, caller));
    expect(expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(accessTokenExpiresAt(jwt.sign({ role: "ADMIN" }, settings.secret, { algorithm: "HS256" }))).toBeNull();
    expect(accessTokenExpiresAt("not a token")).toBeNull();
  });
});
