import { Prisma, type Notification } from "../../../../prisma/notifications/generated/client";

/** One listing a resolver asks for: a user's newest notifications, all or unread only, at most `first`. */
export interface NotificationListKey {
  userId: string;
  unreadOnly: boolean;
  first: number;
}

export type IndexedListKey = NotificationListKey & { index: number };

export type ListedNotification = Notification & { keyIndex: number };

// Raw SQL returns column names as they are; these aliases give rows the Prisma model's field names.
const columns = Prisma.sql`n.id, n.user_id AS "userId", n.kind, n.title, n.body, n.order_id AS "orderId",
  n.source_event_id AS "sourceEventId", n.created_at AS "createdAt", n.read_at AS "readAt"`;

/**
 * The newest rows for each key, as a LATERAL join over the keys so each key keeps its own LIMIT. The
 * unread filter is written out rather than passed as a parameter so the planner can use the partial
 * index on unread notifications.
 */
function newestForKeys(keys: readonly IndexedListKey[], unreadOnly: boolean): Prisma.Sql {
  const unreadFilter = unreadOnly ? Prisma.sql`AND notifications.read_at IS NULL` : Prisma.empty;
  return Prisma.sql`
    SELECT k.key_index AS "keyIndex", ${columns}
    FROM unnest(${keys.map((key) => key.userId)}::uuid[], ${keys.map((key) => key.first)}::int[], ${keys.map((key) => key.index)}::int[])
      AS k(user_id, row_limit, key_index)
    CROSS JOIN LATERAL (
      SELECT * FROM notifications
      WHERE notifications.user_id = k.user_id ${unreadFilter}
      ORDER BY notifications.created_at DESC, notifications.id DESC
      LIMIT k.row_limit
    ) AS n`;
}

/** Every key's listing in one statement: one branch per unread filter in use, newest first within each key. */
export function newestNotificationsQuery(keys: readonly IndexedListKey[]): Prisma.Sql {
  const branches = [false, true]
    .map((unreadOnly) => ({ unreadOnly, keys: keys.filter((key) => key.unreadOnly === unreadOnly) }))
    .filter((branch) => branch.keys.length > 0)
    .map((branch) => newestForKeys(branch.keys, branch.unreadOnly));
  return Prisma.sql`${Prisma.join(branches, " UNION ALL ")} ORDER BY "keyIndex", "createdAt" DESC, id DESC`;
}
