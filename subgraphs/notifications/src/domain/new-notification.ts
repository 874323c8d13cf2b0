import type { NotificationKind } from "./compose-notification";
import { isUuid } from "../../../../packages/ids";

/** Who may read an audience notification: everyone with the role. */
export type NotificationAudience = "ADMIN";

/** A notification for one user (userId) or for an audience; never both. */
export interface NewNotification {
  userId?: string | null;
  audience?: NotificationAudience | null;
  kind: NotificationKind;
  title: string;
  body: string;
  orderId?: string | null;
  productId?: string | null;
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

function checkOptionalUuid(value: string | null | undefined, field: string): string | null {
  if (value != null && !isUuid(value)) throw new InvalidNotificationError(`${field} must be a UUID`);
  return value ?? null;
}

/** Checks a notification before it is stored, with text trimmed and optional fields made explicit. */
export function validateNewNotification(input: NewNotification): Required<NewNotification> {
  const userId = input.userId ?? null;
  const audience = input.audience ?? null;
  if ((userId === null) === (audience === null)) throw new InvalidNotificationError("a notification is for one user or for an audience");
  if (userId !== null && !isUuid(userId)) throw new InvalidNotificationError("userId must be a UUID");
  const title = input.title.trim();
  const body = input.body.trim();
  if (title.length === 0 || body.length === 0) throw new InvalidNotificationError("a notification needs a title and a body");
  const sourceEventId = input.sourceEventId?.trim() || null;
  return {
    userId,
    audience,
    kind: input.kind,
    title,
    body,
    orderId: checkOptionalUuid(input.orderId, "orderId"),
    productId: checkOptionalUuid(input.productId, "productId"),
    sourceEventId,
  };
}
