import { type Message, type OnceEffect } from "../../../../packages/messaging";
import { parseMessage } from "../../../../packages/shop-messages";
import { lowStockNotification } from "../domain/event-notifications";
import type { NotificationsTx } from "../repositories/prisma-client";
import { notify } from "./notify";

/** LowStock -> one LOW_STOCK notification for the ADMIN audience. */
export async function onLowStock(message: Message): Promise<OnceEffect<NotificationsTx>> {
  const event = parseMessage(message, ["LowStock"]);
  return notify(event, lowStockNotification(event.payload));
}
