import Redis from "ioredis";
import { notBeforeKey, revokedSessionKey, verifyAccessToken } from "../../../../packages/auth-token";
import { createLogger } from "../../../../packages/logging";
import { createTestDatabase, startRedisServer, TEST_TOKEN_SETTINGS, type RedisServerProcess, type TestDatabase } from "../../../../packages/testing";
import { createPrismaClient, type UsersPrisma } from "../repositories/prisma-client";
import { createSessionRepository } from "../repositories/session-repository";
import { createUserRepository, type User } from "../repositories/user-repository";
import { createPasswordHasher } from "../security/passwords";
import { hashRefreshToken } from "../security/refresh-tokens";
import { redisTokenRevocations, type TokenRevocations } from "../security/token-revocations";
import { createSessionService, type SessionService } from "./session-service";

// The session service on a real database and a real Redis, with a clock the test moves.
const SESSION_TTL_SECONDS = 3_600;
let database: TestDatabase;
let prisma: UsersPrisma;
let redisServer: RedisServerProcess;
let redis: Redis;
let revocations: TokenRevocations;
let service: SessionService;
let clock = new Date();
const passwords = createPasswordHasher();

beforeAll(async () => {
  database = await createTestDatabase("users");
  prisma = createPrismaClient(database.url);
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  const logger = createLogger("users", "silent");
  revocations = redisTokenRevocations(redisServer.url, TEST_TOKEN_SETTINGS.ttlSeconds, logger);
  const users = createUserRepository(prisma);
  const sessions = createSessionRepository(prisma);
  service = createSessionService({ sessions, users, passwords, revocations, token: TEST_TOKEN_SETTINGS, settings: { ttlSeconds: SESSION_TTL_SECONDS }, logger, now: () => clock });
});

afterAll(async () => {
  revocations?.close();
  redis?.disconnect();
  await redisServer?.stop();
  await prisma?.$disconnect();
  await database?.drop();
});

beforeEach(() => {
  clock = new Date();
});

let userCount = 0;
async function newUser(password = "first-password"): Promise<User> {
  userCount += 1;
  return createUserRepository(prisma).create({ email: `session-${userCount}@example.com`, name: "Session", passwordHash: await passwords.hash(password) });
}

async function refused(attempt: Promise<unknown>): Promise<void> {
  await expect(attempt).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
}

const sessionOf = (accessToken: string) => verifyAccessToken(TEST_TOKEN_SETTINGS, accessToken).sessionId;

describe("refresh-token rotation", () => {
  it("rotates: a new pair each time, the session kept, the access token naming it", async () => {
    const user = await newUser();
    const first = await service.start(user);
    const second = await service.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(sessionOf(second.token)).toBe(sessionOf(first.token));
    expect(second.expiresAt.getTime()).toBe((Math.floor(clock.getTime() / 1000) + TEST_TOKEN_SETTINGS.ttlSeconds) * 1000);
    const third = await service.refresh(second.refreshToken);
    const stored = await prisma.session.findUniqueOrThrow({ where: { id: sessionOf(third.token) } });
    expect(stored).toMatchObject({ generation: 2, revokedAt: null });
    expect(Buffer.from(stored.tokenHash)).toEqual(hashRefreshToken(third.refreshToken));
  });

  it("ends the whole session when a rotated token comes back: the newest token is refused too, and Redis refuses its access tokens", async () => {
    const first = await service.start(await newUser());
    const second = await service.refresh(first.refreshToken);
    await refused(service.refresh(first.refreshToken));
    await refused(service.refresh(second.refreshToken));
    const sessionId = sessionOf(first.token);
    expect(await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ revokedReason: "REFRESH_TOKEN_REUSED" });
    expect(await redis.get(revokedSessionKey(sessionId))).toBe("1");
    const ttl = await redis.ttl(revokedSessionKey(sessionId));
    expect(ttl).toBeGreaterThan(TEST_TOKEN_SETTINGS.ttlSeconds - 5);
    expect(ttl).toBeLessThanOrEqual(TEST_TOKEN_SETTINGS.ttlSeconds + 60);
  });

  it("lets exactly one of ten concurrent refreshes with one token win; the others count as reuse", async () => {
    const first = await service.start(await newUser());
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => service.refresh(first.refreshToken)));
    const won = results.filter((result) => result.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const result of results) if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await prisma.session.findUniqueOrThrow({ where: { id: sessionOf(first.token) } })).toMatchObject({ generation: 1, revokedReason: "REFRESH_TOKEN_REUSED" });
  });

  it("rotates at most once when the repository is raced directly (the conditional UPDATE decides)", async () => {
    const first = await service.start(await newUser());
    const sessions = createSessionRepository(prisma);
    const presented = hashRefreshToken(first.refreshToken);
    const rotations = await Promise.all(
      Array.from({ length: 8 }, (_, index) => sessions.rotate(sessionOf(first.token), presented, hashRefreshToken(`next-${index}`), clock)),
    );
    expect(rotations.filter((rotation) => rotation !== null)).toHaveLength(1);
  });

  it("refuses a session past its TTL and an unknown or malformed token, the same way", async () => {
    const first = await service.start(await newUser());
    clock = new Date(clock.getTime() + SESSION_TTL_SECONDS * 1000 + 1);
    await refused(service.refresh(first.refreshToken));
    await refused(service.refresh("A".repeat(43)));
    await refused(service.refresh("not a token\u0000"));
  });
});

describe("logOut", () => {
  it("ends the session (refresh refused, access tokens marked in Redis) and may be repeated", async () => {
    const user = await newUser();
    const session = await service.start(user);
    expect(await service.logOut(session.refreshToken, { userId: user.id, role: "CUSTOMER" })).toBe(true);
    await refused(service.refresh(session.refreshToken));
    expect(await redis.get(revokedSessionKey(sessionOf(session.token)))).toBe("1");
    expect(await service.logOut(session.refreshToken, null)).toBe(true);
  });

  it("refuses another user's refresh token and an unknown one", async () => {
    const session = await service.start(await newUser());
    const other = await newUser();
    await refused(service.logOut(session.refreshToken, { userId: other.id, role: "CUSTOMER" }));
    await refused(service.logOut("B".repeat(43), null));
    expect((await prisma.session.findUniqueOrThrow({ where: { id: sessionOf(session.token) } })).revokedAt).toBeNull();
  });
});

describe("changePassword", () => {
  it("ends every session of the user, sets their not-before, and starts a new working session", async () => {
    const user = await newUser("first-password");
    const [phone, laptop] = [await service.start(user), await service.start(user)];
    const caller = { userId: user.id, role: "CUSTOMER" as const };
    const changed = await service.changePassword(caller, "first-password", "second-password");
    await refused(service.refresh(phone.refreshToken));
    await refused(service.refresh(laptop.refreshToken));
    for (const old of [phone, laptop]) expect(await redis.get(revokedSessionKey(sessionOf(old.token)))).toBe("1");
    expect(Number(await redis.get(notBeforeKey(user.id)))).toBe(Math.floor(clock.getTime() / 1000));
    expect(verifyAccessToken(TEST_TOKEN_SETTINGS, changed.token).issuedAtSeconds).toBeGreaterThanOrEqual(Number(await redis.get(notBeforeKey(user.id))));
    await expect(service.refresh(changed.refreshToken)).resolves.toMatchObject({ user: { id: user.id } });
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await passwords.verify(stored.passwordHash, "second-password")).toBe(true);
  });

  it("refuses a wrong current password (UNAUTHENTICATED), a short new one (BAD_USER_INPUT) and an anonymous caller, changing nothing", async () => {
    const user = await newUser("first-password");
    const session = await service.start(user);
    const caller = { userId: user.id, role: "CUSTOMER" as const };
    await refused(service.changePassword(caller, "wrong-password", "second-password"));
    await expect(service.changePassword(caller, "first-password", "short")).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "newPassword" });
    await refused(service.changePassword(null, "first-password", "second-password"));
    await expect(service.refresh(session.refreshToken)).resolves.toBeDefined();
  });
});

describe("purging ended sessions", () => {
  it("deletes sessions expired or revoked before the cutoff, with their used tokens, and keeps the rest", async () => {
    const user = await newUser();
    const sessions = createSessionRepository(prisma);
    const dayAgo = new Date(Date.now() - 86_400_000);
    const live = await service.start(user);
    const rotatedAway = await service.start(user);
    await service.refresh(rotatedAway.refreshToken);
    const recentlyEnded = await service.start(user);
    await service.logOut(recentlyEnded.refreshToken, null);
    const oldRevoked = sessionOf(rotatedAway.token);
    await sessions.revoke(oldRevoked, "LOG_OUT", new Date(dayAgo.getTime() - 1_000));
    const oldExpired = await sessions.create({ userId: user.id, tokenHash: hashRefreshToken("expired-token"), expiresAt: new Date(dayAgo.getTime() - 1_000) });

    expect(await sessions.purgeEndedBefore(dayAgo)).toBe(2);
    const left = await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(left.map((session) => session.id).sort()).toEqual([sessionOf(live.token), sessionOf(recentlyEnded.token)].sort());
    expect(await prisma.usedRefreshToken.count({ where: { sessionId: { in: [oldRevoked, oldExpired.id] } } })).toBe(0);
    await refused(service.refresh(rotatedAway.refreshToken));
  });
});
