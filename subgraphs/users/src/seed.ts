import { randomUUID } from "node:crypto";
import { userSignedUp } from "./domain/user-events";
import { createPasswordHasher } from "./security/passwords";
import { createUserRepository } from "./repositories/user-repository";
import type { UsersPrisma } from "./repositories/prisma-client";
import { messageHeaders } from "../../../packages/shop-messages";

export const ADMIN_EMAIL = "admin@shop.local";

/** Demo customers for `npm start`; their password is printed in the README. */
export const DEMO_CUSTOMERS = [
  { email: "alice@shop.local", name: "Alice Example" },
  { email: "bob@shop.local", name: "Bob Example" },
] as const;
export const DEMO_CUSTOMER_PASSWORD = "customer-password";

/** The admin account exists in every environment; its password comes from ADMIN_PASSWORD. It gets no welcome. */
export async function ensureAdmin(prisma: UsersPrisma, adminPassword: string): Promise<void> {
  const passwords = createPasswordHasher();
  await createUserRepository(prisma).ensure({
    email: ADMIN_EMAIL,
    name: "Shop Admin",
    role: "ADMIN",
    passwordHash: await passwords.hash(adminPassword),
  });
}

/**
 * Demo customers join as any customer does: each new account and its UserSignedUp (which gets it a
 * welcome) are written in one transaction. An account that exists already is left alone and announced
 * no second time, so seeding again sends no second welcome.
 */
export async function seedDemoCustomers(prisma: UsersPrisma): Promise<void> {
  const passwords = createPasswordHasher();
  const users = createUserRepository(prisma);
  const passwordHash = await passwords.hash(DEMO_CUSTOMER_PASSWORD);
  // One seeding run is one "request": its id is on every welcome it causes.
  const headers = messageHeaders({ requestId: `seed-${randomUUID()}` });
  for (const customer of DEMO_CUSTOMERS) {
    await users.createIfAbsent({ ...customer, passwordHash }, (created) => [userSignedUp(created, headers)]);
  }
}
