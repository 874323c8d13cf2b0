import { BadUserInputError } from "../../../../packages/errors";
import { readText } from "../../../../packages/text-input";

/** A product as an admin submits it (GraphQL's CreateProductInput). */
export interface NewProductInput {
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  weightGrams: number;
  categorySlug: string;
}

export const MAX_SKU_LENGTH = 64;
export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 5000;
/** $1,000,000.00: far above any real product, far below what an Int or a sum of line items overflows at. */
export const MAX_PRICE_CENTS = 100_000_000;
/** One tonne: beyond it a product is freight, not a parcel. */
export const MAX_WEIGHT_GRAMS = 1_000_000;

const SKU_PATTERN = /^[A-Z0-9][A-Z0-9._-]*$/;

/** SKUs are compared case-insensitively: stored trimmed and upper-cased. */
export function normalizeSku(sku: string): string {
  return sku.trim().toUpperCase();
}

function checkSku(raw: string): string {
  const sku = normalizeSku(readText(raw, "sku", { minLength: 1, maxLength: MAX_SKU_LENGTH }, "The SKU"));
  if (!SKU_PATTERN.test(sku)) throw new BadUserInputError("The SKU may only hold letters, digits, '.', '_' and '-'", "sku");
  return sku;
}

/** The shared text rule; only the description may span lines. */
export function checkText(raw: string, field: string, minLength: number, maxLength: number, multiline = false): string {
  return readText(raw, field, { minLength, maxLength, multiline }, `The ${field}`);
}

export function checkWholeNumber(value: number, field: string, max: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new BadUserInputError(`${field} must be a whole number from 0 to ${max}`, field);
  }
  return value;
}

/** Validates a new product and returns it normalized; the first broken rule is a BAD_USER_INPUT naming its field. */
export function validateNewProduct(input: NewProductInput): NewProductInput {
  return {
    sku: checkSku(input.sku),
    name: checkText(input.name, "name", 1, MAX_NAME_LENGTH),
    description: checkText(input.description, "description", 0, MAX_DESCRIPTION_LENGTH, true),
    priceCents: checkWholeNumber(input.priceCents, "priceCents", MAX_PRICE_CENTS),
    weightGrams: checkWholeNumber(input.weightGrams, "weightGrams", MAX_WEIGHT_GRAMS),
    categorySlug: checkText(input.categorySlug, "categorySlug", 1, MAX_NAME_LENGTH),
  };
}
