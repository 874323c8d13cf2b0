import type { InventoryPrisma } from "../../subgraphs/inventory/src/repositories/prisma-client";
import { seedDemoStock } from "../../subgraphs/inventory/src/seed";
import type { ProductsPrisma } from "../../subgraphs/products/src/repositories/prisma-client";
import { seedDemoCatalogue } from "../../subgraphs/products/src/seed";
import type { UsersPrisma } from "../../subgraphs/users/src/repositories/prisma-client";
import { ensureAdmin, seedDemoCustomers } from "../../subgraphs/users/src/seed";
import type { RunningSupergraph } from "./supergraph";

export interface DemoShopOptions {
  /** Seeds the admin account with this password; none when absent. */
  adminPassword?: string;
  /** The demo customers (alice, bob); their sign-up sends WELCOME messages through the users outbox. */
  customers?: boolean;
  /** Stock for every demo product. */
  stock?: boolean;
}

/** The demo catalogue, and what else a test asks for, seeded into an in-process supergraph's databases. */
export async function seedDemoShop(supergraph: RunningSupergraph, options: DemoShopOptions = {}): Promise<void> {
  const { customers = true, stock = true } = options;
  const users = supergraph.subgraphs.users?.prisma as UsersPrisma;
  if (options.adminPassword !== undefined) await ensureAdmin(users, options.adminPassword);
  if (customers) await seedDemoCustomers(users);
  await seedDemoCatalogue(supergraph.subgraphs.products!.prisma as ProductsPrisma);
  if (stock) await seedDemoStock(supergraph.subgraphs.inventory!.prisma as InventoryPrisma);
}
