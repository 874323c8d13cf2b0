import { randomUUID } from "node:crypto";
import { postSigned, type RunningApp, serveSubgraph, type ServedSubgraph } from "../../../packages/testing";
import { composeNotification } from "./domain/compose-notification";
import { createNotificationRepository, type Notification, type NotificationRepository } from "./repositories/notification-repository";
import { createPrismaClient, type NotificationsPrisma } from "./repositories/prisma-client";
import { createServer } from "./server";

let prisma: NotificationsPrisma;
let notifications: NotificationRepository;
let app: RunningApp;
let subgraph: ServedSubgraph<NotificationsPrisma>;

beforeAll(async () => {
  subgraph = await serveSubgraph("notifications", { createPrismaClient, createServer });
  ({ prisma, app } = subgraph);
  notifications = createNotificationRepository(prisma);
});

afterAll(async () => {
  await subgraph?.close();
});

const asUser = (userId: string) => ({ userId, role: "CUSTOMER" as const });
const T0 = Date.parse("2026-01-01T00:00:00.000Z");

/** A notification created `minute` minutes after T0, so the newest-first order does not depend on timing. */
async function notify(userId: string, minute: number, options: { read?: boolean; orderId?: string } = {}): Promise<Notification> {
  const orderId = options.orderId ?? randomUUID();
  const created = await notifications.createNotification({
    userId,
    kind: "ORDER_CONFIRMED",
    orderId,
    ...composeNotification("ORDER_CONFIRMED", { orderId, total: { cents: 1_000 + minute, currency: "USD" } }),
  });
  return prisma.notification.update({
    where: { id: created.id },
    data: { createdAt: new Date(T0 + minute * 60_000), readAt: options.read ? new Date(T0 + (minute + 1) * 60_000) : null },
  });
}

const LISTING = `query ($reps: [_Any!]!, $unreadOnly: Boolean, $first: Int) {
  _entities(representations: $reps) {
    ... on User { id notifications(unreadOnly: $unreadOnly, first: $first) { id kind title body createdAt readAt order { id } } }
  }
}`;

interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  order: { id: string } | null;
}

async function listing(userId: string, caller: { userId: string; role: "CUSTOMER" | "ADMIN" } | null, args: { unreadOnly?: boolean | null; first?: number | null } = {}) {
  return postSigned<{ _entities: Array<{ id: string; notifications: NotificationView[] } | null> }>(
    app.graphqlUrl,
    LISTING,
    { reps: [{ __typename: "User", id: userId }], ...args },
    caller,
  );
}

const idsOf = (response: Awaited<ReturnType<typeof listing>>) => response.body.data?._entities[0]?.notifications.map((item) => item.id);

describe("User.notifications", () => {
  const userId = randomUUID();
  let byMinute: Notification[];

  beforeAll(async () => {
    // 25 notifications, created out of order; every third one is read.
    const minutes = Array.from({ length: 25 }, (_unused, index) => (index * 7) % 25);
    const created = [];
    for (const minute of minutes) created.push(await notify(userId, minute, { read: minute % 3 === 0 }));
    byMinute = created.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    await notify(randomUUID(), 30); // someone else's, newer than all of the user's
  });

  const newestFirst = (items: Notification[]) => [...items].reverse().map((item) => item.id);

  it("lists the user's own notifications newest first, 20 by default, with every field", async () => {
    const response = await listing(userId, asUser(userId));
    expect(response.body.errors).toBeUndefined();
    expect(idsOf(response)).toEqual(newestFirst(byMinute).slice(0, 20));
    const newest = byMinute.at(-1)!;
    expect(response.body.data?._entities[0]?.notifications[0]).toEqual({
      id: newest.id,
      kind: "ORDER_CONFIRMED",
      title: "Your order is confirmed",
      body: newest.body,
      createdAt: newest.createdAt.toISOString(),
      readAt: newest.readAt?.toISOString() ?? null,
      order: { id: newest.orderId },
    });
  });

  it("applies the defaults when a client passes explicit nulls", async () => {
    expect(idsOf(await listing(userId, asUser(userId), { unreadOnly: null, first: null }))).toEqual(newestFirst(byMinute).slice(0, 20));
  });

  it("lists only unread notifications when asked", async () => {
    const response = await listing(userId, asUser(userId), { unreadOnly: true, first: 100 });
    expect(idsOf(response)).toEqual(newestFirst(byMinute.filter((item) => item.readAt === null)));
    expect(response.body.data?._entities[0]?.notifications.every((item) => item.readAt === null)).toBe(true);
  });

  it("shows readAt on read notifications", async () => {
    const response = await listing(userId, asUser(userId), { first: 100 });
    const read = response.body.data?._entities[0]?.notifications.filter((item) => item.readAt !== null) ?? [];
    expect(read.map((item) => item.id)).toEqual(newestFirst(byMinute.filter((item) => item.readAt !== null)));
  });

  it.each([0, 1, 100])("returns at most first = %i", async (first) => {
    expect(idsOf(await listing(userId, asUser(userId), { first }))).toEqual(newestFirst(byMinute).slice(0, first));
  });

  it.each([-1, 101])("refuses first = %i with BAD_USER_INPUT", async (first) => {
    const { body } = await listing(userId, asUser(userId), { first });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    // User.notifications is nullable (partial failure): the refusal nulls the field, not the user.
    expect(body.data?._entities[0]).toEqual({ id: userId, notifications: null });
  });

  it.each([
    ["another customer", asUser(randomUUID()), "FORBIDDEN"],
    ["an admin", { userId: randomUUID(), role: "ADMIN" as const }, "FORBIDDEN"],
    ["an anonymous caller", null, "UNAUTHENTICATED"],
  ])("refuses %s", async (_case, caller, code) => {
    const { body } = await listing(userId, caller);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(body.data?._entities[0]).toEqual({ id: userId, notifications: null });
  });

  it("is empty for a user without notifications", async () => {
    const someone = randomUUID();
    expect(idsOf(await listing(someone, asUser(someone)))).toEqual([]);
  });

  it("answers several listings of one request with one SQL query", async () => {
    const query = `query ($reps: [_Any!]!) {
      _entities(representations: $reps) {
        ... on User { all: notifications { id } unread: notifications(unreadOnly: true, first: 3) { id } few: notifications(first: 2) { id } }
      }
    }`;
    subgraph.queries.count = 0;
    const { body } = await postSigned<{ _entities: Array<Record<"all" | "unread" | "few", Array<{ id: string }>>> }>(
      app.graphqlUrl,
      query,
      { reps: [{ __typename: "User", id: userId }] },
      asUser(userId),
    );
    expect(body.errors).toBeUndefined();
    const ids = (items: Array<{ id: string }> | undefined) => items?.map((item) => item.id);
    const entity = body.data?._entities[0];
    expect(ids(entity?.all)).toEqual(newestFirst(byMinute).slice(0, 20));
    expect(ids(entity?.unread)).toEqual(newestFirst(byMinute.filter((item) => item.readAt === null)).slice(0, 3));
    expect(ids(entity?.few)).toEqual(newestFirst(byMinute).slice(0, 2));
    expect(subgraph.queries.count).toBe(1);
  });
});

describe("Notification references", () => {
  const ownerId = randomUUID();
  const NOTIFICATIONS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Notification { id title order { id } } } }`;

  async function resolve(ids: string[], caller: { userId: string; role: "CUSTOMER" | "ADMIN" } | null) {
    return postSigned<{ _entities: Array<{ id: string; title: string; order: { id: string } | null } | null> }>(
      app.graphqlUrl,
      NOTIFICATIONS,
      { reps: ids.map((id) => ({ __typename: "Notification", id })) },
      caller,
    );
  }

  it("resolves the caller's own notification with its order reference, or null order when it has none", async () => {
    const orderId = randomUUID();
    const aboutOrder = await notify(ownerId, 1, { orderId });
    const welcome = await notifications.createNotification({ userId: ownerId, kind: "WELCOME", ...composeNotification("WELCOME", { userName: "Ann" }) });
    const { body } = await resolve([aboutOrder.id, welcome.id], asUser(ownerId));
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { id: aboutOrder.id, title: "Your order is confirmed", order: { id: orderId } },
      { id: welcome.id, title: "Welcome, Ann!", order: null },
    ]);
  });

  it.each([
    ["another customer", asUser(randomUUID())],
    ["an admin", { userId: randomUUID(), role: "ADMIN" as const }],
    ["an anonymous caller", null],
  ])("resolves to null for %s, like a notification that does not exist", async (_case, caller) => {
    const mine = await notify(ownerId, 2);
    const { body } = await resolve([mine.id], caller);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([null]);
  });

  it("resolves unknown and malformed ids to null", async () => {
    const { body } = await resolve([randomUUID(), "not-a-uuid"], asUser(ownerId));
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([null, null]);
  });

  it.each([5, 40])("resolves %i notifications with one SQL query", async (count) => {
    const created: Notification[] = [];
    for (let minute = 0; minute < count; minute += 1) created.push(await notify(ownerId, 100 + minute));
    subgraph.queries.count = 0;
    const { body } = await resolve(created.map((item) => item.id), asUser(ownerId));
    expect(body.data?._entities.map((item) => item?.id)).toEqual(created.map((item) => item.id));
    expect(subgraph.queries.count).toBe(1);
  });
});

describe("createNotification", () => {
  const userId = randomUUID();
  const confirmed = (sourceEventId?: string) => ({
    userId,
    kind: "ORDER_CONFIRMED" as const,
    title: "Your order is confirmed",
    body: "Order #1 is confirmed.",
    sourceEventId,
  });

  it("creates one notification per source event: a second call returns the stored row", async () => {
    const sourceEventId = `evt-${randomUUID()}`;
    const first = await notifications.createNotification(confirmed(sourceEventId));
    const second = await notifications.createNotification({ ...confirmed(sourceEventId), title: "Something else" });
    expect(second).toEqual(first);
    expect(await prisma.notification.count({ where: { sourceEventId } })).toBe(1);
  });

  it("keeps one row when two deliveries of one event race", async () => {
    const sourceEventId = `evt-${randomUUID()}`;
    const [one, other] = await Promise.all([
      notifications.createNotification(confirmed(sourceEventId)),
      notifications.createNotification(confirmed(sourceEventId)),
    ]);
    expect(one.id).toBe(other.id);
    expect(await prisma.notification.count({ where: { sourceEventId } })).toBe(1);
  });

  it("replays inside a caller's transaction without aborting it", async () => {
    const sourceEventId = `evt-${randomUUID()}`;
    const first = await notifications.createNotification(confirmed(sourceEventId));
    const [replayed, countInTransaction] = await prisma.$transaction(async (tx) => {
      const again = await createNotificationRepository(tx).createNotification(confirmed(sourceEventId));
      return [again, await tx.notification.count({ where: { sourceEventId } })] as const;
    });
    expect(replayed.id).toBe(first.id);
    expect(countInTransaction).toBe(1);
  });

  it("creates a new row each time when there is no source event", async () => {
    const before = await prisma.notification.count({ where: { userId } });
    const one = await notifications.createNotification(confirmed());
    const other = await notifications.createNotification(confirmed());
    expect(one.id).not.toBe(other.id);
    expect(await prisma.notification.count({ where: { userId } })).toBe(before + 2);
  });
});

describe("markNotificationRead", () => {
  const ownerId = randomUUID();
  const MARK_READ = `mutation ($id: ID!) { markNotificationRead(id: $id) { id readAt title } }`;

  async function markRead(id: string, caller: { userId: string; role: "CUSTOMER" | "ADMIN" } | null) {
    return postSigned<{ markNotificationRead: { id: string; readAt: string | null; title: string } }>(app.graphqlUrl, MARK_READ, { id }, caller);
  }

  it("sets readAt on the caller's own notification, once: a second call keeps the first readAt", async () => {
    const unread = await notify(ownerId, 200);
    const first = await markRead(unread.id, asUser(ownerId));
    expect(first.body.errors).toBeUndefined();
    const readAt = first.body.data!.markNotificationRead.readAt!;
    expect(first.body.data!.markNotificationRead).toMatchObject({ id: unread.id, title: "Your order is confirmed" });
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: unread.id } })).readAt?.toISOString()).toBe(readAt);
    const second = await markRead(unread.id, asUser(ownerId));
    expect(second.body.data!.markNotificationRead.readAt).toBe(readAt);
  });

  it("gives concurrent calls one readAt", async () => {
    const unread = await notify(ownerId, 201);
    const responses = await Promise.all(Array.from({ length: 5 }, () => markRead(unread.id, asUser(ownerId))));
    const stored = await prisma.notification.findUniqueOrThrow({ where: { id: unread.id } });
    expect(new Set(responses.map((response) => response.body.data?.markNotificationRead.readAt))).toEqual(new Set([stored.readAt!.toISOString()]));
  });

  it.each([
    ["someone else's notification", asUser(randomUUID()), "NOT_FOUND"],
    ["an admin's call on someone's notification", { userId: randomUUID(), role: "ADMIN" as const }, "NOT_FOUND"],
    ["an anonymous caller", null, "UNAUTHENTICATED"],
  ])("refuses %s and leaves it unread", async (_case, caller, code) => {
    const unread = await notify(ownerId, 202);
    const { body } = await markRead(unread.id, caller);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: unread.id } })).readAt).toBeNull();
  });

  it.each([randomUUID(), "not-a-uuid"])("answers NOT_FOUND for an unknown id (%s)", async (id) => {
    const { body } = await markRead(id, asUser(ownerId));
    expect(body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
