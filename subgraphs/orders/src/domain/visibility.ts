import { ForbiddenError } from "../../../../packages/errors";
import { requireAdmin as requireAdminRole, requireSignedIn, type Caller } from "../../../../packages/identity";

export { requireSignedIn };

/** An order, and a user's order list, belong to their owner; admins see everything. */
export function isOwnerOrAdmin(caller: Caller | null, ownerId: string): boolean {
  return caller !== null && (caller.role === "ADMIN" || caller.userId === ownerId);
}

export const requireAdmin = (caller: Caller | null): Caller => requireAdminRole(caller, "Only an admin may list all orders");

export function requireOwnerOrAdmin(caller: Caller | null, ownerId: string): Caller {
  const signedIn = requireSignedIn(caller);
  if (!isOwnerOrAdmin(signedIn, ownerId)) throw new ForbiddenError("Only the user themself or an admin may see these orders");
  return signedIn;
}
