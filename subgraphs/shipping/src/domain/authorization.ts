import { requireAdmin as requireAdminRole, type Caller } from "../../../../packages/identity";

/** Moving shipments along is back-office work. */
export const requireAdmin = (caller: Caller | null): Caller => requireAdminRole(caller, "Only an admin may advance a shipment");
