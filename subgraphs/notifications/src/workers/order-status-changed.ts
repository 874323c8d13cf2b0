import { parseMessage, type Message } from "../../../../packages/messaging";
import { orderStatusNotification } from "../domain/event-notifications";
import type { NotificationsPrisma } from "../repositories/prisma-client";
import { notifyOnce } from "./notify";

/** OrderStatusChanged -> ORDER_<status> for the order's user. */
export function onOrderStatusChanged(prisma: NotificationsPrisma) {
  return async (message: Message): Promise<void> => {
    const event = parseMessage(message, ["OrderStatusChanged"]);
    await notifyOnce(prisma, event, orderStatusNotification(event.payload));
  };
}
