import type { NotificationKind } from "./compose-notification";
import { isUuid } from "../../../../packages/ids";

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  orderId?: string | null;
  /** The id of the domain event that caused it: the same event never makes a second notification. */
  sourceEventId?: string | null;
}

/** A notification that breaks a rule: a bug in its producer (a stream consumer), never the client's input. */
export class InvalidNotificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidNotificationError";
  }
}

/** Checks a notification before it is stored, with text trimmed and optional fields made explicit. */
export function validateNewNotification(input: NewNotification): Required<NewNotification> {
  if (!isUuid(input.userId)) throw new InvalidNotificationError("userId must be a UUID");
  if (input.orderId != null && !isUuid(input.orderId)) throw new InvalidNotificationError("orderId must be a UUID");
  const title = input.title.trim();
  const body = input.body.trim();
  if (title.length === 0 || body.length === 0) throw new InvalidNotificationError("a notification needs a title and a body");
  const sourceEventId = input.sourceEventId?.trim() || null;
  return { userId: input.userId, kind: input.kind, title, body, orderId: input.orderId ?? null, sourceEventId };
}
