import { BadUserInputError } from "../../../../packages/errors";

// 2 to 10 letters, digits, spaces or dashes, with at least one letter or digit: wide enough for the
// world's postal code formats, narrow enough that nothing else gets in.
const POSTAL_CODE = /^(?=.*[A-Za-z0-9])[A-Za-z0-9 -]{2,10}$/;

/** Returns the postal code in the form rates are matched on (upper case, no spaces or dashes). */
export function normalizePostalCode(postalCode: string): string {
  if (!POSTAL_CODE.test(postalCode)) {
    throw new BadUserInputError("postalCode must be 2 to 10 letters, digits, spaces or dashes", "postalCode");
  }
  return postalCode.replace(/[ -]/g, "").toUpperCase();
}
