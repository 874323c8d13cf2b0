import Redis from "ioredis";
import { GraphQLError } from "graphql";
import { issueAccessToken, notBeforeKey, revokedSessionKey, type VerifiedAccessToken } from "../../packages/auth-token";
import { useFileRedis } from "../../packages/testing";
import { authenticate } from "./context";
import { redisRevocationCheck } from "./token-revocation";

const settings = { secret: "a-test-secret-of-some-length-0123456789", issuer: "shop-users", audience: "shop-gateway", ttlSeconds: 60 };
const redisServer = useFileRedis();

let counter = 0;
function tokenFor(issuedAtMs = Date.now()): { bearer: string; verified: VerifiedAccessToken } {
  counter += 1;
  const subject = { userId: `00000000-0000-4000-8000-00000000000${counter % 10}`, role: "CUSTOMER" as const, sessionId: `session-${counter}` };
  const { token } = issueAccessToken(settings, subject, issuedAtMs);
  return { bearer: `Bearer ${token}`, verified: { caller: { userId: subject.userId, role: subject.role }, sessionId: subject.sessionId, issuedAtSeconds: Math.floor(issuedAtMs / 1000) } };
}

async function codeOf(attempt: Promise<unknown>): Promise<unknown> {
  const error = await attempt.then(() => null, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(GraphQLError);
  return (error as GraphQLError).extensions;
}

describe("authenticate with revocations in Redis", () => {
  it("takes a token nothing revoked, and refuses it once its session is marked", async () => {
    const check = redisRevocationCheck(redisServer.redis);
    const { bearer, verified } = tokenFor();
    expect(await authenticate(bearer, settings, check)).toEqual(verified.caller);
    await redisServer.redis.set(revokedSessionKey(verified.sessionId), "1", "EX", 60);
    expect(await codeOf(authenticate(bearer, settings, check))).toMatchObject({ code: "UNAUTHENTICATED", http: { status: 401 } });
  });

  it("refuses tokens issued before the user's not-before second and takes those issued in it", async () => {
    const check = redisRevocationCheck(redisServer.redis);
    const changedAt = Date.now();
    const before = tokenFor(changedAt - 2_000);
    await redisServer.redis.set(notBeforeKey(before.verified.caller.userId), String(Math.floor(changedAt / 1000)), "EX", 60);
    expect(await codeOf(authenticate(before.bearer, settings, check))).toMatchObject({ code: "UNAUTHENTICATED" });
    const sameUser = issueAccessToken(settings, { ...before.verified.caller, sessionId: "new-session" }, changedAt).token;
    expect(await authenticate(`Bearer ${sameUser}`, settings, check)).toEqual(before.verified.caller);
  });

  it("refuses a signed-in request with 503 when Redis does not answer, and still serves anonymous ones", async () => {
    const gone = new Redis("redis://127.0.0.1:9", { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    gone.on("error", () => {});
    const check = redisRevocationCheck(gone);
    expect(await codeOf(authenticate(tokenFor().bearer, settings, check))).toMatchObject({ code: "SERVICE_UNAVAILABLE", http: { status: 503 } });
    expect(await authenticate(undefined, settings, check)).toBeNull();
    gone.disconnect();
  });
});
