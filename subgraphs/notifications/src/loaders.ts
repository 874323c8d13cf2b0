import DataLoader from "dataloader";
import { rowByKeyLoader } from "../../../packages/batching";
import type { Notification, NotificationListKey, NotificationRepository } from "./repositories/notification-repository";

const listKeyId = ({ userId, unreadOnly, first }: NotificationListKey) => `${userId}|${unreadOnly}|${first}`;

/** Per-request loaders: notifications by id, and every listing asked for in a request, cost one SQL query each. */
export function createLoaders(notifications: NotificationRepository) {
  return {
    notificationById: rowByKeyLoader(notifications.findByIds, (notification) => notification.id),
    newestNotifications: new DataLoader<NotificationListKey, Notification[], string>(notifications.listNewest, {
      cacheKeyFn: listKeyId,
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
