import { ForbiddenError, UnauthenticatedError } from "../errors";
import type { Caller } from "./caller";

/** Anonymous callers must sign in (UNAUTHENTICATED). */
export function requireSignedIn(caller: Caller | null): Caller {
  if (!caller) throw new UnauthenticatedError();
  return caller;
}

/** Back-office work: anonymous callers must sign in, customers may not (FORBIDDEN, with what they tried). */
export function requireAdmin(caller: Caller | null, forbiddenMessage = "Only an admin may do this"): Caller {
  const signedIn = requireSignedIn(caller);
  if (signedIn.role !== "ADMIN") throw new ForbiddenError(forbiddenMessage);
  return signedIn;
}
