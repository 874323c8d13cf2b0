import { parseMessage, type Message } from "../../../../packages/messaging";
import { welcomeNotification } from "../domain/event-notifications";
import type { NotificationsPrisma } from "../repositories/prisma-client";
import { notifyOnce } from "./notify";

/** UserSignedUp -> WELCOME. */
export function onUserSignedUp(prisma: NotificationsPrisma) {
  return async (message: Message): Promise<void> => {
    const event = parseMessage(message, ["UserSignedUp"]);
    await notifyOnce(prisma, event, welcomeNotification(event.payload));
  };
}
