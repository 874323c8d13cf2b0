import { BadUserInputError } from "../../../../packages/errors";

/** Where an order ships; a snapshot kept with the order. */
export interface ShippingAddress {
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case */
  country: string;
}

export interface AddressInput {
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
}

const MAX_LINE_LENGTH = 200;
const MAX_POSTAL_CODE_LENGTH = 20;
const COUNTRY_CODE = /^[A-Z]{2}$/;

function required(value: string, field: string, maxLength: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > maxLength) {
    throw new BadUserInputError(`${field} must have 1 to ${maxLength} characters`, `shippingAddress.${field}`);
  }
  return trimmed;
}

/** Trims every part, turns an empty line2 into null and upper-cases the country; bad parts are BAD_USER_INPUT. */
export function normalizeShippingAddress(input: AddressInput): ShippingAddress {
  const line2 = input.line2?.trim() ? required(input.line2, "line2", MAX_LINE_LENGTH) : null;
  const country = input.country.trim().toUpperCase();
  if (!COUNTRY_CODE.test(country)) {
    throw new BadUserInputError("country must be an ISO 3166-1 alpha-2 code", "shippingAddress.country");
  }
  return {
    line1: required(input.line1, "line1", MAX_LINE_LENGTH),
    line2,
    city: required(input.city, "city", MAX_LINE_LENGTH),
    postalCode: required(input.postalCode, "postalCode", MAX_POSTAL_CODE_LENGTH),
    country,
  };
}
