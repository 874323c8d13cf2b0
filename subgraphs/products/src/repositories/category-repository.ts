import type { Category } from "../../../../prisma/products/generated/client";
import { isUuid } from "../../../../packages/ids";
import type { ProductsPrisma } from "./prisma-client";

export type { Category };

export type NewCategory = Pick<Category, "id" | "slug" | "name">;

export function createCategoryRepository(prisma: ProductsPrisma) {
  return {
    /** Malformed ids match nothing; they are dropped before the query so they cannot fail it. */
    async findByIds(ids: readonly string[]): Promise<Category[]> {
      const valid = ids.filter(isUuid);
      return valid.length === 0 ? [] : prisma.category.findMany({ where: { id: { in: valid } } });
    },

    findBySlug: (slug: string) => prisma.category.findUnique({ where: { slug } }),

    listByName: () => prisma.category.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }] }),

    /** Inserts the categories that do not exist yet; existing rows are left as they are. */
    insertMissing: (categories: readonly NewCategory[]) =>
      prisma.category.createMany({ data: [...categories], skipDuplicates: true }),
  };
}

export type CategoryRepository = ReturnType<typeof createCategoryRepository>;
