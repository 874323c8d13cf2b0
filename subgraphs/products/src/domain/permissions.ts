import { requireAdmin as requireAdminRole, type Caller } from "../../../../packages/identity";

/** Catalogue changes are for admins. */
export const requireAdmin = (caller: Caller | null): Caller => requireAdminRole(caller, "Only admins may change the catalogue");
