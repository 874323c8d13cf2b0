import { DEMO_CATEGORIES, DEMO_PRODUCTS, type DemoProduct } from "../../../packages/demo-catalogue";
import { createCategoryRepository } from "./repositories/category-repository";
import type { ProductsPrisma } from "./repositories/prisma-client";
import { createProductRepository, type NewProduct } from "./repositories/product-repository";

/** Demo products are "created" a minute apart before this instant, so NEWEST lists them in catalogue order. */
export const DEMO_CATALOGUE_CREATED_AT = new Date("2026-01-01T00:00:00.000Z");
const MINUTE_MS = 60_000;

const categoryIdBySlug = new Map(DEMO_CATEGORIES.map((category) => [category.slug, category.id]));

function toNewProduct(product: DemoProduct, index: number): NewProduct {
  const categoryId = categoryIdBySlug.get(product.categorySlug);
  if (!categoryId) throw new Error(`demo product ${product.sku} names unknown category ${product.categorySlug}`);
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    priceCents: product.priceCents,
    weightGrams: product.weightGrams,
    categoryId,
    createdAt: new Date(DEMO_CATALOGUE_CREATED_AT.getTime() - index * MINUTE_MS),
  };
}

/**
 * Inserts the demo categories and products with their stable ids (shared with the inventory seed).
 * Idempotent: rows that exist are left untouched, so a second run changes nothing.
 */
export async function seedDemoCatalogue(prisma: ProductsPrisma): Promise<void> {
  await createCategoryRepository(prisma).insertMissing(DEMO_CATEGORIES.map(({ id, slug, name }) => ({ id, slug, name })));
  await createProductRepository(prisma).insertMissing(DEMO_PRODUCTS.map(toNewProduct));
}
