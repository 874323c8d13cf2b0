import { BadUserInputError } from "../../../../packages/errors";
import { readOptionalText } from "../../../../packages/text-input";

/** The filter as clients send it (GraphQL's ProductFilter). */
export interface ProductFilterInput {
  search?: string | null;
  categorySlug?: string | null;
  minPriceCents?: number | null;
  maxPriceCents?: number | null;
}

/** What a product listing is narrowed by, checked and normalized; absent keys do not narrow. */
export interface ProductCriteria {
  search?: string;
  categorySlug?: string;
  /** Set by Category.products, never by clients. */
  categoryId?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
}

export const MAX_SEARCH_LENGTH = 100;
/** As long as a category name may be (new-product's limit); a longer slug can match none. */
export const MAX_CATEGORY_SLUG_LENGTH = 200;

function checkPriceBound(value: number | null | undefined, field: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw new BadUserInputError(`${field} must be a whole number of cents, 0 or more`, field);
  return value;
}

/** Checks a client's filter; a blank search or slug narrows nothing. */
export function validateProductFilter(filter: ProductFilterInput | null | undefined): ProductCriteria {
  const criteria: ProductCriteria = {};
  // Both are matched in SQL: the shared text rule keeps NUL bytes and lone surrogates away from it.
  const search = readOptionalText(filter?.search, "search", { maxLength: MAX_SEARCH_LENGTH });
  if (search) criteria.search = search;
  const categorySlug = readOptionalText(filter?.categorySlug, "categorySlug", { maxLength: MAX_CATEGORY_SLUG_LENGTH });
  if (categorySlug) criteria.categorySlug = categorySlug;
  const min = checkPriceBound(filter?.minPriceCents, "minPriceCents");
  const max = checkPriceBound(filter?.maxPriceCents, "maxPriceCents");
  if (min !== undefined && max !== undefined && min > max) {
    throw new BadUserInputError("minPriceCents must not be greater than maxPriceCents", "minPriceCents");
  }
  if (min !== undefined) criteria.minPriceCents = min;
  if (max !== undefined) criteria.maxPriceCents = max;
  return criteria;
}
