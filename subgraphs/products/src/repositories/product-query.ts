import type { Prisma } from "../../../../prisma/products/generated/client";
import type { ProductCriteria } from "../domain/product-filter";
import type { SortPosition, SortSpec } from "../domain/product-sort";

/**
 * Translates the domain's listing criteria and keyset positions into Prisma arguments. Kept apart from
 * the repository so the SQL shape of a page is decided in one place.
 */

/** Prisma's `contains` passes LIKE wildcards through, so a search for "50%" would match "500"; escape them. */
export function escapeLikePattern(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export function whereCriteria(criteria: ProductCriteria): Prisma.ProductWhereInput {
  const where: Prisma.ProductWhereInput[] = [];
  if (criteria.search !== undefined) {
    const contains = { contains: escapeLikePattern(criteria.search), mode: "insensitive" } as const;
    where.push({ OR: [{ name: contains }, { description: contains }, { sku: contains }] });
  }
  if (criteria.categorySlug !== undefined) where.push({ category: { slug: criteria.categorySlug } });
  if (criteria.categoryId !== undefined) where.push({ categoryId: criteria.categoryId });
  if (criteria.minPriceCents !== undefined || criteria.maxPriceCents !== undefined) {
    where.push({ priceCents: { gte: criteria.minPriceCents, lte: criteria.maxPriceCents } });
  }
  return { AND: where };
}

/**
 * Rows strictly after `position` in the sort's order: key beyond the position's, or the same key and
 * an id beyond it. The redundant "key at or beyond" term lets PostgreSQL start the index scan at the
 * position instead of filtering every earlier row.
 */
export function whereAfter(spec: SortSpec, position: SortPosition): Prisma.ProductWhereInput {
  const beyond = spec.direction === "asc" ? "gt" : "lt";
  const atOrBeyond = spec.direction === "asc" ? "gte" : "lte";
  const onKey = (operator: string) => ({ [spec.key]: { [operator]: position.key } }) as Prisma.ProductWhereInput;
  return { AND: [onKey(atOrBeyond), { OR: [onKey(beyond), { id: { [beyond]: position.id } }] }] };
}

export function orderBySort(spec: SortSpec): Prisma.ProductOrderByWithRelationInput[] {
  return [{ [spec.key]: spec.direction }, { id: spec.direction }];
}
