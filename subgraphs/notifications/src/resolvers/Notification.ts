import { canRead } from "../domain/access";
import type { NotificationResolvers } from "../generated/graphql";

export const Notification: NotificationResolvers = {
  // Someone else's notification resolves to null, exactly like one that does not exist.
  __resolveReference: async ({ id }, { caller, loaders }) => {
    const notification = await loaders.notificationById.load(id);
    return notification && canRead(caller, notification) ? notification : null;
  },
  order: (notification) => (notification.orderId ? { id: notification.orderId } : null),
  product: (notification) => (notification.productId ? { id: notification.productId } : null),
};
