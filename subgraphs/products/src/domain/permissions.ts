import { ForbiddenError, UnauthenticatedError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";

/** Catalogue changes are for admins: anonymous callers must sign in, customers may not. */
export function requireAdmin(caller: Caller | null): Caller {
  if (!caller) throw new UnauthenticatedError("You must be signed in as an admin to change the catalogue");
  if (caller.role !== "ADMIN") throw new ForbiddenError("Only admins may change the catalogue");
  return caller;
}
