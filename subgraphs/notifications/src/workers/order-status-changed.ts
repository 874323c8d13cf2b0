import { type Message, type OnceEffect } from "../../../../packages/messaging";
import { parseMessage } from "../../../../packages/shop-messages";
import { orderStatusNotification } from "../domain/event-notifications";
import type { NotificationsTx } from "../repositories/prisma-client";
import { notify } from "./notify";

/** OrderStatusChanged -> ORDER_<status> for the order's user. */
export async function onOrderStatusChanged(message: Message): Promise<OnceEffect<NotificationsTx>> {
  const event = parseMessage(message, ["OrderStatusChanged"]);
  return notify(event, orderStatusNotification(event.payload));
}
