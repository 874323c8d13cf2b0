import { createPrismaClient as inventoryPrisma, type InventoryPrisma } from "../../subgraphs/inventory/src/repositories/prisma-client";
import { seedDemoStock } from "../../subgraphs/inventory/src/seed";
import { createPrismaClient as productsPrisma, type ProductsPrisma } from "../../subgraphs/products/src/repositories/prisma-client";
import { seedDemoCatalogue } from "../../subgraphs/products/src/seed";
import { createPrismaClient as usersPrisma, type UsersPrisma } from "../../subgraphs/users/src/repositories/prisma-client";
import { DEMO_CUSTOMER_PASSWORD, ensureAdmin, seedDemoCustomers } from "../../subgraphs/users/src/seed";
import { gatewayClient, logInThrough, type GatewayRequest } from "./gateway-client";
import { startSupergraph, type RunningSupergraph } from "./supergraph";

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

/**
 * The demo customers, catalogue and stock written straight into the databases of services that run as
 * processes of their own (before they start): the whole-system tests' and the benchmarks' seed.
 */
export async function seedDemoDatabases(urls: { users: string; products: string; inventory: string }): Promise<void> {
  const users = usersPrisma(urls.users);
  const products = productsPrisma(urls.products);
  const inventory = inventoryPrisma(urls.inventory);
  try {
    await seedDemoCustomers(users);
    await seedDemoCatalogue(products);
    await seedDemoStock(inventory);
  } finally {
    await Promise.all([users.$disconnect(), products.$disconnect(), inventory.$disconnect()]);
  }
}

/** The admin's password in shops started by startDemoShop. */
export const DEMO_SHOP_ADMIN_PASSWORD = "admin-e2e-password";

export interface DemoShop {
  supergraph: RunningSupergraph;
  request: GatewayRequest;
  /** Access tokens of the admin and the demo customers, each signed in once. */
  tokens: { admin: string; alice: string; bob: string };
}

/** An in-process supergraph with the demo shop seeded (the admin with DEMO_SHOP_ADMIN_PASSWORD) and everyone signed in. */
export async function startDemoShop(): Promise<DemoShop> {
  const supergraph = await startSupergraph();
  try {
    const request = gatewayClient(supergraph.gateway.graphqlUrl);
    await seedDemoShop(supergraph, { adminPassword: DEMO_SHOP_ADMIN_PASSWORD });
    const tokenOf = async (email: string, password: string) => (await logInThrough(request, email, password)).token;
    const tokens = {
      admin: await tokenOf("admin@shop.local", DEMO_SHOP_ADMIN_PASSWORD),
      alice: await tokenOf("alice@shop.local", DEMO_CUSTOMER_PASSWORD),
      bob: await tokenOf("bob@shop.local", DEMO_CUSTOMER_PASSWORD),
    };
    return { supergraph, request, tokens };
  } catch (error) {
    await supergraph.stop();
    throw error;
  }
}
