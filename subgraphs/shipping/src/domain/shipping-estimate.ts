import { money, type Money } from "../../../../packages/money";
import { normalizePostalCode } from "./postal-code";
import { shippingCents, zoneOf } from "./shipping-rates";

export const SHIPPING_CURRENCY = "USD";

/** What shipping one product of `weightGrams` to `postalCode` costs; a malformed code is a BAD_USER_INPUT. */
export function estimateShipping(weightGrams: number, postalCode: string | null | undefined): Money {
  const zone = zoneOf(postalCode == null ? null : normalizePostalCode(postalCode));
  return money(shippingCents(weightGrams, zone), SHIPPING_CURRENCY);
}
