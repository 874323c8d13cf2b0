import DataLoader from "dataloader";
import { rowByKeyLoader } from "../../../packages/batching";
import type { Reader } from "./domain/access";
import type { Notification, NotificationListKey, NotificationRepository } from "./repositories/notification-repository";

const listKeyId = ({ userId, unreadOnly, first, audience }: NotificationListKey) => `${userId}|${unreadOnly}|${first}|${audience}`;

/** Per-request loaders: notifications by id, and every listing asked for in a request, cost one SQL query each. */
export function createLoaders(notifications: NotificationRepository, reader: Reader | null) {
  return {
    /** Only what this request's caller may read, with their own readAt. */
    notificationById: rowByKeyLoader((ids: readonly string[]) => notifications.findReadable(ids, reader), (notification) => notification.id),
    newestNotifications: new DataLoader<NotificationListKey, Notification[], string>(notifications.listNewest, {
      cacheKeyFn: listKeyId,
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
