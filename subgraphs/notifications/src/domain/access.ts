import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";

/**
 * Notifications are private to their user: not even an admin reads them, since they carry nothing an
 * admin needs that the orders themselves do not show.
 */
export function assertIsUserThemself(caller: Caller | null, userId: string): void {
  if (caller === null) throw new UnauthenticatedError("Sign in to read your notifications");
  if (caller.userId !== userId) throw new ForbiddenError("Only the user themself may read their notifications");
}

export function isOwnedByCaller(caller: Caller | null, ownerId: string): boolean {
  return caller !== null && caller.userId === ownerId;
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
