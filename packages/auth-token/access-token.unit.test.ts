import jwt from "jsonwebtoken";
import { InvalidTokenError, issueAccessToken, verifyAccessToken, type TokenSettings } from "./access-token";
import { accessTokenExpiresAt } from "./token-expiry";

const settings: TokenSettings = { secret: "a-test-secret-of-some-length-0123456789", issuer: "shop-users", audience: "shop-gateway", ttlSeconds: 60 };
const caller = { userId: "8d2b7f0e-6f8a-4a53-9c8c-3a3f4f1f2a10", role: "CUSTOMER" as const };
const subject = { ...caller, sessionId: "0b6f3c2e-1d4a-4f5b-8c7d-9e0f1a2b3c4d" };

describe("access tokens", () => {
  it("verifies what it issues: the caller, the session and the issue second", () => {
    const now = Date.now();
    const { token, expiresAt } = issueAccessToken(settings, subject, now);
    expect(verifyAccessToken(settings, token)).toEqual({ caller, sessionId: subject.sessionId, issuedAtSeconds: Math.floor(now / 1000) });
    expect(expiresAt.getTime()).toBe((Math.floor(now / 1000) + 60) * 1000);
  });

  it("verifies a token signed with the secret as a plain string (tokens issued before the key object)", () => {
    const token = jwt.sign({ role: "ADMIN", sid: subject.sessionId }, settings.secret, { algorithm: "HS256", subject: caller.userId, issuer: settings.issuer, audience: settings.audience, expiresIn: 60 });
    expect(verifyAccessToken(settings, token).caller).toEqual({ userId: caller.userId, role: "ADMIN" });
  });

  it("refuses another secret, another algorithm, no signature, and an expired token", () => {
    const other = issueAccessToken({ ...settings, secret: "another-secret-of-some-length-987654321" }, subject).token;
    const hs512 = jwt.sign({ role: "CUSTOMER", sid: subject.sessionId }, settings.secret, { algorithm: "HS512", subject: caller.userId, issuer: settings.issuer, audience: settings.audience });
    const unsigned = jwt.sign({ role: "CUSTOMER", sid: subject.sessionId, sub: caller.userId, iss: settings.issuer, aud: settings.audience }, "", { algorithm: "none" });
    const expired = issueAccessToken(settings, subject, Date.now() - 61_000).token;
    for (const token of [other, hs512, unsigned, expired]) expect(() => verifyAccessToken(settings, token)).toThrow(InvalidTokenError);
  });

  it("refuses a token for another audience or issuer", () => {
    const { token } = issueAccessToken(settings, subject);
    expect(() => verifyAccessToken({ ...settings, audience: "elsewhere" }, token)).toThrow(InvalidTokenError);
    expect(() => verifyAccessToken({ ...settings, issuer: "elsewhere" }, token)).toThrow(InvalidTokenError);
  });

  it("refuses a token without a session, which nothing could end before it expires", () => {
    const sessionless = jwt.sign({ role: "CUSTOMER" }, settings.secret, { algorithm: "HS256", subject: caller.userId, issuer: settings.issuer, audience: settings.audience, expiresIn: 60 });
    const noIssueTime = jwt.sign({ role: "CUSTOMER", sid: subject.sessionId }, settings.secret, { algorithm: "HS256", subject: caller.userId, issuer: settings.issuer, audience: settings.audience, expiresIn: 60, noTimestamp: true });
    expect(() => verifyAccessToken(settings, sessionless)).toThrow(/missing session/);
    expect(() => verifyAccessToken(settings, noIssueTime)).toThrow(/missing session/);
  });
});

describe("a token's expiry", () => {
  it("is its exp in milliseconds, and null for what is not a token with one", () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const expiresAt = accessTokenExpiresAt(issueAccessToken(settings, subject).token);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(accessTokenExpiresAt(jwt.sign({ role: "ADMIN" }, settings.secret, { algorithm: "HS256" }))).toBeNull();
    expect(accessTokenExpiresAt("not a token")).toBeNull();
  });
});
