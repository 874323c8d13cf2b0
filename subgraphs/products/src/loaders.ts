import { rowByKeyLoader } from "../../../packages/batching";
import type { CategoryRepository } from "./repositories/category-repository";
import type { ProductRepository } from "./repositories/product-repository";

/** Per-request loaders: all products (or categories) looked up in one request cost one SQL query per type. */
export function createLoaders(products: ProductRepository, categories: CategoryRepository) {
  return {
    productById: rowByKeyLoader(products.findByIds, (product) => product.id),
    categoryById: rowByKeyLoader(categories.findByIds, (category) => category.id),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
