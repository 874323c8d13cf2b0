import { type Message, type OnceEffect } from "../../../../packages/messaging";
import { parseMessage } from "../../../../packages/shop-messages";
import { welcomeNotification } from "../domain/event-notifications";
import type { NotificationsTx } from "../repositories/prisma-client";
import { notify } from "./notify";

/** UserSignedUp -> WELCOME. */
export async function onUserSignedUp(message: Message): Promise<OnceEffect<NotificationsTx>> {
  const event = parseMessage(message, ["UserSignedUp"]);
  return notify(event, welcomeNotification(event.payload));
}
