import { BadUserInputError, NotFoundError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";
import { checkPageSize, toConnection, type Connection } from "../../../../packages/pagination";
import { validateNewProduct, type NewProductInput } from "../domain/new-product";
import { requireAdmin } from "../domain/permissions";
import { validateProductUpdate, type ProductUpdate, type ProductUpdateInput } from "../domain/product-update";
import type { ProductCriteria } from "../domain/product-filter";
import { parseProductCursor, productCursor, PRODUCT_SORTS, type ProductSort } from "../domain/product-sort";
import type { Category, CategoryRepository } from "../repositories/category-repository";
import { DuplicateSkuError, MissingCategoryError, type Product, type ProductChange, type ProductRepository } from "../repositories/product-repository";

export interface ProductPageRequest {
  criteria: ProductCriteria;
  sort: ProductSort;
  first: number;
  after?: string | null;
}

const unknownCategory = () => new BadUserInputError("No category has this slug", "categorySlug");
const unknownProduct = () => new NotFoundError("No product has this id");

/**
 * Catalogue reads that need more than a loader (pages, counts) and the admin's writes. `changed` runs
 * after each write commits, before it is answered: it invalidates the gateway's cached catalogue reads.
 */
export function createCatalogueService(products: ProductRepository, categories: CategoryRepository, changed: () => Promise<void>) {
  /** The update's columns: a category slug becomes the category's id. */
  async function changeOf({ categorySlug, ...fields }: ProductUpdate): Promise<ProductChange> {
    if (categorySlug === undefined) return fields;
    const category = await categories.findBySlug(categorySlug);
    if (!category) throw unknownCategory();
    return { ...fields, categoryId: category.id };
  }

  return {
    /** One keyset page: fetches one row more than asked to learn whether another page follows. */
    async listProducts(request: ProductPageRequest): Promise<Connection<Product>> {
      const first = checkPageSize(request.first);
      const after = request.after ? parseProductCursor(request.sort, request.after) : null;
      const sort = PRODUCT_SORTS[request.sort];
      const [rows, totalCount] = await Promise.all([
        products.findPage({ criteria: request.criteria, sort, after, take: first + 1 }),
        products.count(request.criteria),
      ]);
      return toConnection(rows, first, totalCount, (row) => productCursor(request.sort, row));
    },

    listCategories: (): Promise<Category[]> => categories.listByName(),

    async createProduct(caller: Caller | null, input: NewProductInput): Promise<Product> {
      requireAdmin(caller);
      const { categorySlug, ...fields } = validateNewProduct(input);
      const category = await categories.findBySlug(categorySlug);
      if (!category) throw unknownCategory();
      try {
        const created = await products.create({ ...fields, categoryId: category.id });
        await changed();
        return created;
      } catch (error) {
        if (error instanceof DuplicateSkuError) throw new BadUserInputError("A product with this SKU already exists", "sku");
        if (error instanceof MissingCategoryError) throw unknownCategory();
        throw error;
      }
    },

    /**
     * Changes a product in place. Carts and orders follow at once: whoever keeps a product (orders, the
     * gateway) keeps it only until `changed` announces this; placed orders keep the name and price they snapshotted.
     */
    async updateProduct(caller: Caller | null, id: string, input: ProductUpdateInput): Promise<Product> {
      requireAdmin(caller);
      const change = await changeOf(validateProductUpdate(input));
      try {
        if (Object.keys(change).length === 0) {
          const [unchanged] = await products.findByIds([id]);
          if (!unchanged) throw unknownProduct();
          return unchanged;
        }
        const updated = await products.update(id, change);
        if (!updated) throw unknownProduct();
        await changed();
        return updated;
      } catch (error) {
        if (error instanceof MissingCategoryError) throw unknownCategory();
        throw error;
      }
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
