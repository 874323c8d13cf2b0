import { ForbiddenError, UnauthenticatedError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";

/** An order, and a user's order list, belong to their owner; admins see everything. */
export function isOwnerOrAdmin(caller: Caller | null, ownerId: string): boolean {
  return caller !== null && (caller.role === "ADMIN" || caller.userId === ownerId);
}

export function requireSignedIn(caller: Caller | null): Caller {
  if (!caller) throw new UnauthenticatedError();
  return caller;
}

export function requireAdmin(caller: Caller | null): Caller {
  const signedIn = requireSignedIn(caller);
  if (signedIn.role !== "ADMIN") throw new ForbiddenError("Only an admin may list all orders");
  return signedIn;
}

export function requireOwnerOrAdmin(caller: Caller | null, ownerId: string): Caller {
  const signedIn = requireSignedIn(caller);
  if (!isOwnerOrAdmin(signedIn, ownerId)) throw new ForbiddenError("Only the user themself or an admin may see these orders");
  return signedIn;
}
