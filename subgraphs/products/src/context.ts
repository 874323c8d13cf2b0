import type { Caller } from "../../../packages/identity";
import { createLoaders, type Loaders } from "./loaders";
import type { CategoryRepository } from "./repositories/category-repository";
import type { ProductRepository } from "./repositories/product-repository";
import type { CatalogueService } from "./services/catalogue-service";

export interface Context {
  caller: Caller | null;
  requestId: string;
  loaders: Loaders;
  catalogue: CatalogueService;
}

export interface ContextDeps {
  products: ProductRepository;
  categories: CategoryRepository;
  catalogue: CatalogueService;
}

export function contextFactory(deps: ContextDeps) {
  return (request: { caller: Caller | null; requestId: string }): Context => ({
    caller: request.caller,
    requestId: request.requestId,
    loaders: createLoaders(deps.products, deps.categories),
    catalogue: deps.catalogue,
  });
}
