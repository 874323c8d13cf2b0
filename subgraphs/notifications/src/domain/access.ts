import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";
import type { NotificationAudience } from "./new-notification";

/**
 * Notifications are private to their user: not even an admin reads them, since they carry nothing an
 * admin needs that the orders themselves do not show.
 */
export function assertIsUserThemself(caller: Caller | null, userId: string): Caller {
  if (caller === null) throw new UnauthenticatedError("Sign in to read your notifications");
  if (caller.userId !== userId) throw new ForbiddenError("Only the user themself may read their notifications");
  return caller;
}

/** A notification's reader: its user, or anyone in its audience (every admin for an ADMIN notification). */
export function canRead(caller: Caller | null, notification: { userId: string | null; audience: string | null }): boolean {
  if (caller === null) return false;
  return caller.userId === notification.userId || (notification.audience !== null && notification.audience === caller.role);
}

/** The caller, who must be signed in to change their notifications. */
export function signedInCaller(caller: Caller | null): Caller {
  if (caller === null) throw new UnauthenticatedError("Sign in to manage your notifications");
  return caller;
}

/** Someone else's notification is reported exactly like one that does not exist. */
export function notificationNotFound(): NotFoundError {
  return new NotFoundError("No such notification");
}

/** Who reads: their id, and the audience their role puts them in (admins read the ADMIN audience's notifications). */
export interface Reader {
  userId: string;
  audience: NotificationAudience | null;
}

/** The caller as a reader of notifications; the role comes from the gateway's signed identity. */
export function readerOf(caller: Caller): Reader {
  return { userId: caller.userId, audience: caller.role === "ADMIN" ? "ADMIN" : null };
}
