import { BadUserInputError } from "../errors";
import { readText } from "../text-input";

/**
 * A postal address as the shop keeps it: where an order ships (orders) and the addresses a user saves
 * (users). One rule for both, so an address saved for later is always one checkout takes.
 */
export interface PostalAddress {
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

/** A postal code on its own (a cart's, for its shipping): the same rule as an address's; a bad one names `field`. */
export function readPostalCode(value: string, field = "postalCode"): string {
  return readText(value, field, { minLength: 1, maxLength: MAX_POSTAL_CODE_LENGTH }, "postalCode");
}

/**
 * Trims every part, turns an empty line2 into null and upper-cases the country; a bad part is a
 * BAD_USER_INPUT naming it under `fieldPrefix` (`shippingAddress.line1`), or alone when the address is
 * the argument itself (`city`). Pure.
 */
export function normalizeAddress(input: AddressInput, fieldPrefix = ""): PostalAddress {
  const named = (field: string) => (fieldPrefix === "" ? field : `${fieldPrefix}.${field}`);
  const part = (value: string, field: string, maxLength: number, minLength = 1) =>
    readText(value, named(field), { maxLength, minLength }, field);
  const line2 = input.line2 == null ? "" : part(input.line2, "line2", MAX_LINE_LENGTH, 0);
  // The text rule first (a NUL or a lone surrogate gets the same answer everywhere), then the code's shape.
  const country = part(input.country, "country", MAX_LINE_LENGTH).toUpperCase();
  if (!COUNTRY_CODE.test(country)) {
    throw new BadUserInputError("country must be an ISO 3166-1 alpha-2 code", named("country"));
  }
  return {
    line1: part(input.line1, "line1", MAX_LINE_LENGTH),
    line2: line2 === "" ? null : line2,
    city: part(input.city, "city", MAX_LINE_LENGTH),
    postalCode: readPostalCode(input.postalCode, named("postalCode")),
    country,
  };
}
