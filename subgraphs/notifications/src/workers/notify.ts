import type { Message, OnceEffect } from "../../../../packages/messaging";
import { messageHeaders, shopMessage } from "../../../../packages/shop-messages";
import type { NewNotification } from "../domain/new-notification";
import { createNotificationRepository } from "../repositories/notification-repository";
import type { NotificationsTx } from "../repositories/prisma-client";

/** The consumer group, and the consumer name in processed_messages. */
export const SERVICE = "notifications";

/**
 * Stores the notification an event causes (exactly once: the event's id is recorded as processed in
 * the same transaction, and is the notification's source_event_id (unique) as a second guard), and
 * announces it with NotificationCreated, written to the outbox in that transaction, for live subscribers.
 */
export function notify(event: Message, notification: Omit<NewNotification, "sourceEventId">): OnceEffect<NotificationsTx> {
  return async (tx) => {
    const created = await createNotificationRepository(tx).createNotification({ ...notification, sourceEventId: event.id });
    const announced = { notificationId: created.id, userId: created.userId, audience: created.audience };
    return [shopMessage("NotificationCreated", announced, messageHeaders({ message: event }))];
  };
}
