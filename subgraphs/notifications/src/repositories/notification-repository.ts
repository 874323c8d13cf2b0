import { Prisma, type Notification } from "../../../../prisma/notifications/generated/client";
import { validateNewNotification, type NewNotification } from "../domain/new-notification";
import { isUuid } from "../../../../packages/ids";
import { newestNotificationsQuery, type ListedNotification, type NotificationListKey } from "./newest-notifications-query";
import type { NotificationsDb } from "./prisma-client";

export type { Notification, NotificationListKey };

/** A notification row as Prisma's model names it. */
const NOTIFICATION_COLUMNS = Prisma.raw(
  `id::text AS id, user_id::text AS "userId", kind::text AS kind, title, body, order_id::text AS "orderId",
   source_event_id AS "sourceEventId", created_at AS "createdAt", read_at AS "readAt"`,
);

export function createNotificationRepository(db: NotificationsDb) {
  return {
    async findByIds(keys: readonly string[]): Promise<Notification[]> {
      // Keys that are not UUIDs match nothing and would make PostgreSQL reject the whole batch.
      const ids = keys.filter(isUuid);
      return ids.length > 0 ? db.notification.findMany({ where: { id: { in: ids } } }) : [];
    },

    /** The listings for many keys with one SQL query; the result is aligned with `keys`. */
    async listNewest(keys: readonly NotificationListKey[]): Promise<Notification[][]> {
      const answerable = keys.map((key, index) => ({ ...key, index })).filter((key) => isUuid(key.userId) && key.first > 0);
      const listings = keys.map((): Notification[] => []);
      if (answerable.length === 0) return listings;
      const rows = await db.$queryRaw<ListedNotification[]>(newestNotificationsQuery(answerable));
      for (const { keyIndex, ...notification } of rows) listings[keyIndex]?.push(notification);
      return listings;
    },

    /**
     * Marks the user's notification read, once: a second call keeps the first readAt (the update is
     * conditional on readAt being empty). Null when the user has no notification with this id.
     */
    async markRead(id: string, userId: string): Promise<Notification | null> {
      if (!isUuid(id)) return null;
      await db.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
      return db.notification.findFirst({ where: { id, userId } });
    },

    /**
     * Stores a notification. With a source event id it is created once: a second call for the same event
     * (a redelivered message) returns the stored row. ON CONFLICT DO NOTHING, rather than catching a unique
     * violation, also works inside a caller's transaction, which a failed INSERT would abort.
     */
    async createNotification(input: NewNotification): Promise<Notification> {
      const data = validateNewNotification(input);
      if (data.sourceEventId === null) return db.notification.create({ data });
      // Plain SQL: Prisma compiles createManyAndReturn anew on every call (no plan cache for it), a fifth
      // of this service's CPU when notifications follow every order.
      const [created] = await db.$queryRaw<Notification[]>`
        INSERT INTO notifications (id, user_id, kind, title, body, order_id, source_event_id)
        VALUES (gen_random_uuid(), ${data.userId}::uuid, ${data.kind}::"NotificationKind", ${data.title}, ${data.body}, ${data.orderId}::uuid, ${data.sourceEventId})
        ON CONFLICT (source_event_id) DO NOTHING RETURNING ${NOTIFICATION_COLUMNS}`;
      return created ?? db.notification.findUniqueOrThrow({ where: { sourceEventId: data.sourceEventId } });
    },
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
