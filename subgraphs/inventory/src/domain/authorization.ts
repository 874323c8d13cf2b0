import { requireAdmin as requireAdminRole, type Caller } from "../../../../packages/identity";

/** Stock changes are back-office work. */
export const requireAdmin = (caller: Caller | null): Caller => requireAdminRole(caller, "Only an admin may change stock");
