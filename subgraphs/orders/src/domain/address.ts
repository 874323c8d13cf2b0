import { BadUserInputError } from "../../../../packages/errors";
import { readText } from "../../../../packages/text-input";

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

/** One line of text (the shared text rule), trimmed; `minLength` 0 lets line2 be blank. */
function part(value: string, field: string, maxLength: number, minLength = 1): string {
  return readText(value, `shippingAddress.${field}`, { maxLength, minLength }, field);
}

/**
 * Trims every part, turns an empty line2 into null and upper-cases the country; bad parts are
 * BAD_USER_INPUT naming the part (`shippingAddress.line1`). Pure: placeOrder calls it before anything
 * reaches a database.
 */
export function normalizeShippingAddress(input: AddressInput): ShippingAddress {
  const line2 = input.line2 == null ? "" : part(input.line2, "line2", MAX_LINE_LENGTH, 0);
  // The text rule first (a NUL or a lone surrogate gets the same answer everywhere), then the code's shape.
  const country = part(input.country, "country", MAX_LINE_LENGTH).toUpperCase();
  if (!COUNTRY_CODE.test(country)) {
    throw new BadUserInputError("country must be an ISO 3166-1 alpha-2 code", "shippingAddress.country");
  }
  return {
    line1: part(input.line1, "line1", MAX_LINE_LENGTH),
    line2: line2 === "" ? null : line2,
    city: part(input.city, "city", MAX_LINE_LENGTH),
    postalCode: part(input.postalCode, "postalCode", MAX_POSTAL_CODE_LENGTH),
    country,
  };
}
