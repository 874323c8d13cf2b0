import type { Product } from "../../../../prisma/products/generated/client";
import { Prisma } from "../../../../prisma/products/generated/client";
import type { ProductCriteria } from "../domain/product-filter";
import type { SortPosition, SortSpec } from "../domain/product-sort";
import { isUuid } from "../../../../packages/ids";
import type { ProductsPrisma } from "./prisma-client";
import { orderBySort, whereAfter, whereCriteria } from "./product-query";

export type { Product };

export class DuplicateSkuError extends Error {
  constructor() {
    super("a product with this SKU exists");
    this.name = "DuplicateSkuError";
  }
}

export class MissingCategoryError extends Error {
  constructor() {
    super("the product's category does not exist");
    this.name = "MissingCategoryError";
  }
}

export interface NewProduct {
  id?: string;
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  weightGrams: number;
  categoryId: string;
  createdAt?: Date;
}

/** The columns an admin's update may change. */
export type ProductChange = Partial<Pick<NewProduct, "name" | "description" | "priceCents" | "weightGrams" | "categoryId">>;

export interface PageQuery {
  criteria: ProductCriteria;
  sort: SortSpec;
  after: SortPosition | null;
  take: number;
}

/** Turns the constraint violations a concurrent writer can cause into typed errors. */
function translateWriteError(error: unknown): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return error;
  if (error.code === "P2002") return new DuplicateSkuError();
  if (error.code === "P2003") return new MissingCategoryError();
  return error;
}

export function createProductRepository(prisma: ProductsPrisma) {
  return {
    /** Malformed ids match nothing; they are dropped before the query so they cannot fail it. */
    async findByIds(ids: readonly string[]): Promise<Product[]> {
      const valid = ids.filter(isUuid);
      return valid.length === 0 ? [] : prisma.product.findMany({ where: { id: { in: valid } } });
    },

    findPage: ({ criteria, sort, after, take }: PageQuery) =>
      prisma.product.findMany({
        where: after ? { AND: [whereCriteria(criteria), whereAfter(sort, after)] } : whereCriteria(criteria),
        orderBy: orderBySort(sort),
        take,
      }),

    count: (criteria: ProductCriteria) => prisma.product.count({ where: whereCriteria(criteria) }),

    async create(product: NewProduct): Promise<Product> {
      try {
        return await prisma.product.create({ data: product });
      } catch (error) {
        // The unique index and the foreign key decide races the service's checks cannot see.
        throw translateWriteError(error);
      }
    },

    /**
     * Changes the given fields in one statement; null when no product has this id (nothing to lock or
     * read first: the UPDATE finds the row or not). A category deleted meanwhile is MissingCategoryError.
     */
    async update(id: string, change: ProductChange): Promise<Product | null> {
      if (!isUuid(id)) return null;
      try {
        const [updated] = await prisma.product.updateManyAndReturn({ where: { id }, data: change });
        return updated ?? null;
      } catch (error) {
        throw translateWriteError(error);
      }
    },

    /** Inserts the products that do not exist yet (by id or SKU); existing rows are left as they are. */
    insertMissing: (products: readonly NewProduct[]) => prisma.product.createMany({ data: [...products], skipDuplicates: true }),
  };
}

export type ProductRepository = ReturnType<typeof createProductRepository>;
