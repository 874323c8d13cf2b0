import { Prisma, type Notification } from "../../../../prisma/notifications/generated/client";

/**
 * One listing a resolver asks for: a user's newest notifications, all or unread only, at most `first`;
 * with `audience`, the notifications addressed to that audience (the user's role) are listed too.
 */
export interface NotificationListKey {
  userId: string;
  unreadOnly: boolean;
  first: number;
  audience: "ADMIN" | null;
}

export type IndexedListKey = NotificationListKey & { index: number };

export type ListedNotification = Notification & { keyIndex: number };

// Raw SQL returns column names as they are; these aliases give rows the Prisma model's field names.
// reader_read_at is the reader's own readAt: the row's for their own notifications, notification_reads' for an audience's.
const columns = Prisma.sql`n.id, n.user_id AS "userId", n.audience, n.kind, n.title, n.body, n.order_id AS "orderId",
  n.product_id AS "productId", n.source_event_id AS "sourceEventId", n.created_at AS "createdAt", n.reader_read_at AS "readAt"`;

/**
 * The newest rows for each key, as a LATERAL join over the keys so each key keeps its own LIMIT: the
 * user's own newest and (for a key with an audience) the audience's newest, each limited on its own
 * index, then merged and limited again. The unread filters are written out rather than passed as
 * parameters so the planner can use the partial index on unread notifications.
 */
function newestForKeys(keys: readonly IndexedListKey[], unreadOnly: boolean): Prisma.Sql {
  const unreadOwn = unreadOnly ? Prisma.sql`AND own.read_at IS NULL` : Prisma.empty;
  const unreadShared = unreadOnly ? Prisma.sql`AND reads.read_at IS NULL` : Prisma.empty;
  return Prisma.sql`
    SELECT k.key_index AS "keyIndex", ${columns}
    FROM unnest(${keys.map((key) => key.userId)}::uuid[], ${keys.map((key) => key.first)}::int[], ${keys.map((key) => key.index)}::int[],
                ${keys.map((key) => key.audience)}::"NotificationAudience"[])
      AS k(user_id, row_limit, key_index, audience)
    CROSS JOIN LATERAL (
      SELECT * FROM (
        (SELECT own.*, own.read_at AS reader_read_at FROM notifications AS own
          WHERE own.user_id = k.user_id ${unreadOwn}
          ORDER BY own.created_at DESC, own.id DESC LIMIT k.row_limit)
        UNION ALL
        (SELECT shared.*, reads.read_at AS reader_read_at FROM notifications AS shared
          LEFT JOIN notification_reads AS reads ON reads.notification_id = shared.id AND reads.user_id = k.user_id
          WHERE shared.audience = k.audience ${unreadShared}
          ORDER BY shared.created_at DESC, shared.id DESC LIMIT k.row_limit)
      ) AS mine
      ORDER BY mine.created_at DESC, mine.id DESC
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
