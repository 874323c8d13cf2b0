import type { Caller } from "../../../../packages/identity";

/** A user's email is private: only they and admins may read it. */
export function canReadPrivateFields(caller: Caller | null, userId: string): boolean {
  return caller !== null && (caller.role === "ADMIN" || caller.userId === userId);
}

/** Saved addresses are the user's own: not even an admin reads them. */
export function canReadOwnOnlyFields(caller: Caller | null, userId: string): boolean {
  return caller !== null && caller.userId === userId;
}
