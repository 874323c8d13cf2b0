import { checkText, checkWholeNumber, MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, MAX_PRICE_CENTS, MAX_WEIGHT_GRAMS } from "./new-product";

/**
 * A change to a product as an admin submits it (GraphQL's UpdateProductInput). A field left out, or
 * given as null, stays as it is: every field of a product is required, so null cannot mean "clear it".
 */
export interface ProductUpdateInput {
  name?: string | null;
  description?: string | null;
  priceCents?: number | null;
  weightGrams?: number | null;
  categorySlug?: string | null;
}

/** The fields that change, checked and normalized; an empty object when nothing changes. */
export interface ProductUpdate {
  name?: string;
  description?: string;
  priceCents?: number;
  weightGrams?: number;
  categorySlug?: string;
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/**
 * Validates a product update with createProduct's rules, field by field; the first broken rule is a
 * BAD_USER_INPUT naming its field. An empty update is allowed: it changes nothing (a form saved unchanged).
 */
export function validateProductUpdate(input: ProductUpdateInput): ProductUpdate {
  const update: ProductUpdate = {};
  if (given(input.name)) update.name = checkText(input.name, "name", 1, MAX_NAME_LENGTH);
  if (given(input.description)) update.description = checkText(input.description, "description", 0, MAX_DESCRIPTION_LENGTH, true);
  if (given(input.priceCents)) update.priceCents = checkWholeNumber(input.priceCents, "priceCents", MAX_PRICE_CENTS);
  if (given(input.weightGrams)) update.weightGrams = checkWholeNumber(input.weightGrams, "weightGrams", MAX_WEIGHT_GRAMS);
  if (given(input.categorySlug)) update.categorySlug = checkText(input.categorySlug, "categorySlug", 1, MAX_NAME_LENGTH);
  return update;
}
