import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { createLogger } from "../../../../packages/logging";
import { fromStreamFields, workerSettingsFrom, type Message } from "../../../../packages/messaging";
import { Streams, MESSAGE_TYPES } from "../../../../packages/shop-messages";
import { postSigned, serveSubgraph, type ServedSubgraph } from "../../../../packages/testing";
import { createPrismaClient, type UsersPrisma } from "../repositories/prisma-client";
import { createServer } from "../server";
import { startWorkers } from ".";

// Redis logical database 7 belongs to this file: other test files use the same Redis in parallel.
const REDIS_URL = "redis://127.0.0.1:6379/7";

let subgraph: ServedSubgraph<UsersPrisma>;
let redis: Redis;
let stopWorkers: (() => Promise<void>) | undefined;

beforeAll(async () => {
  subgraph = await serveSubgraph("users", { createPrismaClient, createServer });
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  await redis.flushdb();
  stopWorkers = startWorkers({
    prisma: subgraph.prisma,
    redis,
    logger: createLogger("users", "silent"),
    settings: { ...workerSettingsFrom({}, "users", MESSAGE_TYPES), consumerName: "users-test", relayIntervalMs: 20 },
  });
});

afterAll(async () => {
  await stopWorkers?.();
  await redis?.flushdb();
  redis?.disconnect();
  await subgraph?.close();
});

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } } }`;

async function signUp(email: string, name = "Fiona Test") {
  return postSigned<{ signUp: { user: { id: string } } }>(subgraph.app.graphqlUrl, SIGN_UP, {
    input: { email, password: "long-enough-password", name },
  });
}

async function userEvents(): Promise<Message[]> {
  const entries = (await redis.xrange(Streams.userEvents, "-", "+")) as Array<[string, string[]]>;
  return entries.map(([, fields]) => fromStreamFields(Streams.userEvents, fields));
}

/** Polls the user-events stream until an event about the user is there (bounded: 10 s). */
async function waitForEventAbout(userId: string): Promise<Message> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    const event = (await userEvents()).find((message) => (message.payload as { userId?: string }).userId === userId);
    if (event) return event;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no event about user ${userId} within 10 s`);
}

describe("UserSignedUp", () => {
  it("is written with the account in one transaction and published on the user-events stream", async () => {
    const { body } = await signUp(`fiona-${randomUUID()}@example.com`);
    expect(body.errors).toBeUndefined();
    const userId = body.data!.signUp.user.id;
    const event = await waitForEventAbout(userId);
    expect(event).toMatchObject({ type: "UserSignedUp", payload: { userId, name: "Fiona Test" } });
    expect(event.headers).toEqual({ requestId: expect.any(String), correlationId: event.headers.requestId });
    const row = await subgraph.prisma.outboxMessage.findUniqueOrThrow({ where: { id: event.id } });
    expect(row).toMatchObject({ stream: Streams.userEvents, type: "UserSignedUp" });
    // The relay marks the row published right after its XADD commits.
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      if ((await subgraph.prisma.outboxMessage.count({ where: { id: event.id, publishedAt: { not: null } } })) === 1) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("the outbox row was not marked published within 10 s");
  });

  it("is not written when the sign-up is refused", async () => {
    const email = `gus-${randomUUID()}@example.com`;
    expect((await signUp(email)).body.errors).toBeUndefined();
    const before = await subgraph.prisma.outboxMessage.count();
    const { body } = await signUp(email.toUpperCase(), "Gus Again");
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "email" });
    expect(await subgraph.prisma.outboxMessage.count()).toBe(before);
  });

  it("is published once per account when many sign up at once", async () => {
    const emails = Array.from({ length: 10 }, () => `crowd-${randomUUID()}@example.com`);
    const responses = await Promise.all(emails.map((email) => signUp(email, "Crowd")));
    const userIds = responses.map((response) => response.body.data!.signUp.user.id);
    for (const userId of userIds) await waitForEventAbout(userId);
    const events = (await userEvents()).filter((message) => userIds.includes((message.payload as { userId: string }).userId));
    expect(events).toHaveLength(userIds.length);
  });
});
