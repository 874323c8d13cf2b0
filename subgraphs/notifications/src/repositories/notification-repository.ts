import { Prisma, type Notification } from "../../../../prisma/notifications/generated/client";
import type { Reader } from "../domain/access";
import { validateNewNotification, type NewNotification } from "../domain/new-notification";
import { isUuid } from "../../../../packages/ids";
import { newestNotificationsQuery, type ListedNotification, type NotificationListKey } from "./newest-notifications-query";
import type { NotificationsDb } from "./prisma-client";

export type { Notification, NotificationListKey };

/** A notification row as Prisma's model names it. */
const NOTIFICATION_COLUMNS = Prisma.raw(
  `id::text AS id, user_id::text AS "userId", audience::text AS audience, kind::text AS kind, title, body, order_id::text AS "orderId",
   product_id::text AS "productId", source_event_id AS "sourceEventId", created_at AS "createdAt", read_at AS "readAt"`,
);

export function createNotificationRepository(db: NotificationsDb) {
  /**
   * The notifications with these ids that `reader` may read, each with the reader's own readAt (an
   * audience notification's is in notification_reads). Ids that are not UUIDs match nothing.
   */
  async function findReadable(keys: readonly string[], reader: Reader | null): Promise<Notification[]> {
    const ids = keys.filter(isUuid);
    if (ids.length === 0 || reader === null || !isUuid(reader.userId)) return [];
    return db.$queryRaw<Notification[]>`
      SELECT n.id::text AS id, n.user_id::text AS "userId", n.audience::text AS audience, n.kind::text AS kind, n.title, n.body,
             n.order_id::text AS "orderId", n.product_id::text AS "productId", n.source_event_id AS "sourceEventId",
             n.created_at AS "createdAt", COALESCE(n.read_at, reads.read_at) AS "readAt"
        FROM notifications AS n
        LEFT JOIN notification_reads AS reads ON reads.notification_id = n.id AND reads.user_id = ${reader.userId}::uuid
       WHERE n.id = ANY(${ids}::uuid[])
         AND (n.user_id = ${reader.userId}::uuid OR n.audience = ${reader.audience}::"NotificationAudience")`;
  }

  return {
    findReadable,

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
     * Marks a notification the reader may read as read, once: a second call keeps the first readAt (their
     * own row's update is conditional on readAt being empty; an audience notification gets one
     * notification_reads row per reader). Null when the reader has no notification with this id.
     */
    async markRead(id: string, reader: Reader): Promise<Notification | null> {
      if (!isUuid(id) || !isUuid(reader.userId)) return null;
      await db.notification.updateMany({ where: { id, userId: reader.userId, readAt: null }, data: { readAt: new Date() } });
      if (reader.audience !== null) {
        await db.$executeRaw`
          INSERT INTO notification_reads (notification_id, user_id)
          SELECT id, ${reader.userId}::uuid FROM notifications WHERE id = ${id}::uuid AND audience = ${reader.audience}::"NotificationAudience"
          ON CONFLICT DO NOTHING`;
      }
      const [notification] = await findReadable([id], reader);
      return notification ?? null;
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
        INSERT INTO notifications (id, user_id, audience, kind, title, body, order_id, product_id, source_event_id)
        VALUES (gen_random_uuid(), ${data.userId}::uuid, ${data.audience}::"NotificationAudience", ${data.kind}::"NotificationKind", ${data.title},
                ${data.body}, ${data.orderId}::uuid, ${data.productId}::uuid, ${data.sourceEventId})
        ON CONFLICT (source_event_id) DO NOTHING RETURNING ${NOTIFICATION_COLUMNS}`;
      return created ?? db.notification.findUniqueOrThrow({ where: { sourceEventId: data.sourceEventId } });
    },
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
