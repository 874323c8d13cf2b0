/**
 * `npm run seed`: idempotent demo data — the admin, two customers, the demo catalogue and its stock.
 * Every domain is seeded through its own Prisma client; running it twice changes nothing.
 */
import { connectCacheInvalidator } from "../packages/cache-versions";
import { databaseUrl } from "../packages/config";
import { createLogger } from "../packages/logging";
import { DEMO_CATEGORIES, DEMO_PRODUCTS } from "../packages/demo-catalogue";
import { createPrismaClient as usersPrisma } from "../subgraphs/users/src/repositories/prisma-client";
import { ensureAdmin, seedDemoCustomers } from "../subgraphs/users/src/seed";
import { loadConfig as loadUsersConfig } from "../subgraphs/users/src/config";
import { loadConfig as loadProductsConfig } from "../subgraphs/products/src/config";
import { createPrismaClient as productsPrisma } from "../subgraphs/products/src/repositories/prisma-client";
import { seedDemoCatalogue } from "../subgraphs/products/src/seed";
import { createPrismaClient as inventoryPrisma } from "../subgraphs/inventory/src/repositories/prisma-client";
import { seedDemoStock } from "../subgraphs/inventory/src/seed";

async function withClient<T extends { $disconnect(): Promise<void> }>(client: T, use: (client: T) => Promise<void>): Promise<void> {
  try {
    await use(client);
  } finally {
    await client.$disconnect();
  }
}

/** Seeding writes past the subgraphs, so it bumps their cache versions itself (a gateway may be running). */
async function invalidateCachedCatalogue(env: NodeJS.ProcessEnv): Promise<void> {
  const logger = createLogger("seed", "warn");
  const redisUrl = loadProductsConfig(env).redisUrl;
  const changes = { products: {}, inventory: { Product: DEMO_PRODUCTS.map((product) => product.id) } };
  for (const [subgraph, entities] of Object.entries(changes)) {
    const invalidator = connectCacheInvalidator(redisUrl, subgraph, logger);
    await invalidator.changed(entities);
    invalidator.close();
  }
}

export async function seedDemoData(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { adminPassword } = loadUsersConfig(env);
  await withClient(usersPrisma(databaseUrl(env, "users")), async (prisma) => {
    await ensureAdmin(prisma, adminPassword);
    await seedDemoCustomers(prisma);
  });
  await withClient(productsPrisma(databaseUrl(env, "products")), seedDemoCatalogue);
  await withClient(inventoryPrisma(databaseUrl(env, "inventory")), seedDemoStock);
  await invalidateCachedCatalogue(env);
  console.log(`Seeded the admin, 2 customers, ${DEMO_CATEGORIES.length} categories and ${DEMO_PRODUCTS.length} products with stock.`);
}

if (require.main === module) {
  seedDemoData().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
