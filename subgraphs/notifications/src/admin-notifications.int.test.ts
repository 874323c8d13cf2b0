import { randomUUID } from "node:crypto";
import type { Caller } from "../../../packages/identity";
import { postSigned, type RunningApp, serveSubgraph, type ServedSubgraph } from "../../../packages/testing";
import { lowStockNotification } from "./domain/event-notifications";
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

const admin = (): Caller => ({ userId: randomUUID(), role: "ADMIN" });
const customer = (): Caller => ({ userId: randomUUID(), role: "CUSTOMER" });

interface NotificationView {
  id: string;
  kind: string;
  body: string;
  readAt: string | null;
  product: { id: string } | null;
}

const LISTING = `query ($reps: [_Any!]!, $unreadOnly: Boolean) {
  _entities(representations: $reps) { ... on User { notifications(unreadOnly: $unreadOnly, first: 100) { id kind body readAt product { id } } } }
}`;
const MARK_READ = `mutation ($id: ID!) { markNotificationRead(id: $id) { id readAt product { id } } }`;
const REFERENCES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Notification { id readAt } } }`;

async function listingOf(caller: Caller, unreadOnly = false): Promise<NotificationView[]> {
  const { body } = await postSigned<{ _entities: Array<{ notifications: NotificationView[] }> }>(
    app.graphqlUrl,
    LISTING,
    { reps: [{ __typename: "User", id: caller.userId }], unreadOnly },
    caller,
  );
  expect(body.errors).toBeUndefined();
  return body.data!._entities[0]!.notifications;
}

async function lowStock(): Promise<Notification> {
  const productId = randomUUID();
  return notifications.createNotification({ ...lowStockNotification({ productId, available: 3, threshold: 5 }), sourceEventId: randomUUID() });
}

const markRead = (id: string, caller: Caller) =>
  postSigned<{ markNotificationRead: { id: string; readAt: string | null; product: { id: string } | null } }>(app.graphqlUrl, MARK_READ, { id }, caller);

describe("notifications for the ADMIN audience", () => {
  it("are listed for every admin, with the product, and for no customer", async () => {
    const created = await lowStock();
    for (const reader of [admin(), admin()]) {
      expect((await listingOf(reader)).find((notification) => notification.id === created.id)).toMatchObject({
        kind: "LOW_STOCK",
        readAt: null,
        product: { id: created.productId },
        body: expect.stringContaining("has 3 units available"),
      });
    }
    expect((await listingOf(customer())).map((notification) => notification.id)).not.toContain(created.id);
  });

  it("keep each admin's readAt: one admin reading it leaves it unread for the others", async () => {
    const created = await lowStock();
    const [reader, other] = [admin(), admin()];
    const first = await markRead(created.id, reader);
    expect(first.body.errors).toBeUndefined();
    const readAt = first.body.data!.markNotificationRead.readAt;
    expect(readAt).toEqual(expect.any(String));
    expect((await markRead(created.id, reader)).body.data?.markNotificationRead.readAt).toBe(readAt);
    expect((await listingOf(reader)).find((notification) => notification.id === created.id)?.readAt).toBe(readAt);
    expect((await listingOf(reader, true)).map((notification) => notification.id)).not.toContain(created.id);
    expect((await listingOf(other, true)).find((notification) => notification.id === created.id)?.readAt).toBeNull();
    // The shared row itself stays unread; the reads are per admin.
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: created.id } })).readAt).toBeNull();
    expect(await prisma.notificationRead.count({ where: { notificationId: created.id } })).toBe(1);
  });

  it("cannot be read or marked by a customer, and resolve as references only for admins", async () => {
    const created = await lowStock();
    const outsider = customer();
    expect((await markRead(created.id, outsider)).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await prisma.notificationRead.count({ where: { notificationId: created.id } })).toBe(0);
    const reps = [{ __typename: "Notification", id: created.id }];
    const asCustomer = await postSigned<{ _entities: unknown[] }>(app.graphqlUrl, REFERENCES, { reps }, outsider);
    expect(asCustomer.body.data?._entities).toEqual([null]);
    const asAdmin = await postSigned<{ _entities: unknown[] }>(app.graphqlUrl, REFERENCES, { reps }, admin());
    expect(asAdmin.body.data?._entities).toEqual([{ id: created.id, readAt: null }]);
  });

  it("leave admins' own notifications private to them and mix in newest first", async () => {
    const reader = admin();
    const welcome = await notifications.createNotification({ userId: reader.userId, kind: "WELCOME", title: "Welcome!", body: "Hello." });
    const own = await prisma.notification.update({ where: { id: welcome.id }, data: { createdAt: new Date("2026-01-01T00:00:00.000Z") } });
    const shared = await lowStock();
    const ids = (await listingOf(reader)).map((notification) => notification.id);
    expect(ids.indexOf(shared.id)).toBeLessThan(ids.indexOf(own.id));
    expect((await listingOf(admin())).map((notification) => notification.id)).not.toContain(own.id);
  });
});
