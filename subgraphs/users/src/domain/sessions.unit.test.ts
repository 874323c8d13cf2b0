import { isLive, judgeRefresh, sessionExpiresAt, type SessionState } from "./sessions";

const loggedInAt = new Date("2026-12-01T10:00:00.000Z");
const settings = { ttlSeconds: 30 * 24 * 60 * 60 };
const session = (change: Partial<SessionState> = {}): SessionState => ({
  id: "s1",
  userId: "u1",
  expiresAt: sessionExpiresAt(loggedInAt, settings),
  revokedAt: null,
  ...change,
});
const later = (seconds: number) => new Date(loggedInAt.getTime() + seconds * 1000);

describe("session expiry", () => {
  it("ends a session its TTL after log-in, refreshes or not", () => {
    expect(sessionExpiresAt(loggedInAt, settings).toISOString()).toBe("2026-12-31T10:00:00.000Z");
    expect(isLive(session(), later(settings.ttlSeconds - 1))).toBe(true);
    expect(isLive(session(), later(settings.ttlSeconds))).toBe(false);
  });

  it("ends a revoked session at once", () => {
    expect(isLive(session({ revokedAt: later(5) }), later(6))).toBe(false);
  });
});

describe("judgeRefresh", () => {
  it("rotates the current token of a live session", () => {
    expect(judgeRefresh({ session: session(), current: true }, later(60))).toBe("rotate");
  });

  it("ends a live session whose rotated-away token comes back", () => {
    expect(judgeRefresh({ session: session(), current: false }, later(60))).toBe("revoke-for-reuse");
  });

  it.each([
    ["an unknown token", null],
    ["the current token of an expired session", { session: session(), current: true }],
    ["an old token of an expired session", { session: session(), current: false }],
  ])("refuses %s a day after the session's end", (_case, presented) => {
    expect(judgeRefresh(presented, later(settings.ttlSeconds + 86_400))).toBe("refuse");
  });

  it.each([
    ["its current token", true],
    ["an old token", false],
  ])("refuses %s once the session was revoked (nothing left to revoke)", (_case, current) => {
    expect(judgeRefresh({ session: session({ revokedAt: later(10) }), current }, later(20))).toBe("refuse");
  });
});
