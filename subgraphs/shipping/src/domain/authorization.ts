import { ForbiddenError, UnauthenticatedError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";

/** Moving shipments along is back-office work: anonymous callers must sign in, customers may not. */
export function requireAdmin(caller: Caller | null): Caller {
  if (!caller) throw new UnauthenticatedError();
  if (caller.role !== "ADMIN") throw new ForbiddenError("Only an admin may advance a shipment");
  return caller;
}
