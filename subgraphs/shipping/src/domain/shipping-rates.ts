/**
 * Shipping rates: the price of sending one parcel (one product for Product.shippingEstimate, a whole cart or
 * order for Cart.shippingCost), by weight and destination zone. Prices are USD cents.
 *
 * Zones come from the postal code alone (the estimate is asked without a country):
 *   REMOTE    codes (upper-cased, spaces and dashes removed) starting with
 *             006 007 008 009 (Puerto Rico, US Virgin Islands), 967 968 (Hawaii),
 *             995 996 997 998 999 (Alaska), HS (Outer Hebrides), ZE (Shetland)
 *   STANDARD  every other code, and no postal code at all
 *
 *   weight up to            STANDARD    REMOTE
 *   250 g                   $3.99       $8.99
 *   500 g                   $4.99       $10.99
 *   1,000 g                 $6.99       $14.99
 *   2,000 g                 $8.99       $18.99
 *   5,000 g                 $12.99      $26.99
 *   10,000 g                $19.99      $39.99
 *   20,000 g                $29.99      $59.99
 *   over 20,000 g           $29.99 + $1.50 per started kg above 20 kg
 *                                       $59.99 + $3.00 per started kg above 20 kg
 *
 * Brackets include their upper bound (exactly 500 g costs the 500 g price). Within a zone a heavier
 * parcel never costs less than a lighter one, and REMOTE never costs less than STANDARD; the unit
 * tests sweep every gram from 0 to 50 kg to hold the table to that.
 */
export type ShippingZone = "STANDARD" | "REMOTE";

export const SHIPPING_ZONES: readonly ShippingZone[] = ["STANDARD", "REMOTE"];

interface WeightBracket {
  maxGrams: number;
  cents: Record<ShippingZone, number>;
}

const WEIGHT_BRACKETS: readonly WeightBracket[] = [
  { maxGrams: 250, cents: { STANDARD: 399, REMOTE: 899 } },
  { maxGrams: 500, cents: { STANDARD: 499, REMOTE: 1099 } },
  { maxGrams: 1_000, cents: { STANDARD: 699, REMOTE: 1499 } },
  { maxGrams: 2_000, cents: { STANDARD: 899, REMOTE: 1899 } },
  { maxGrams: 5_000, cents: { STANDARD: 1299, REMOTE: 2699 } },
  { maxGrams: 10_000, cents: { STANDARD: 1999, REMOTE: 3999 } },
  { maxGrams: 20_000, cents: { STANDARD: 2999, REMOTE: 5999 } },
];

const HEAVIEST_BRACKET = WEIGHT_BRACKETS[WEIGHT_BRACKETS.length - 1]!;
const OVERWEIGHT_STEP_GRAMS = 1_000;
const OVERWEIGHT_CENTS_PER_STEP: Record<ShippingZone, number> = { STANDARD: 150, REMOTE: 300 };

const REMOTE_PREFIXES = ["006", "007", "008", "009", "967", "968", "995", "996", "997", "998", "999", "HS", "ZE"];

/** The zone of a normalized postal code (see normalizePostalCode); no code ships at STANDARD rates. */
export function zoneOf(normalizedPostalCode: string | null): ShippingZone {
  if (normalizedPostalCode === null) return "STANDARD";
  return REMOTE_PREFIXES.some((prefix) => normalizedPostalCode.startsWith(prefix)) ? "REMOTE" : "STANDARD";
}

/** The price in cents of shipping `weightGrams` to `zone`. */
export function shippingCents(weightGrams: number, zone: ShippingZone): number {
  // Weights come from the products subgraph, whose database keeps them non-negative integers.
  if (!Number.isSafeInteger(weightGrams) || weightGrams < 0) throw new RangeError(`weightGrams must be a non-negative integer, got ${weightGrams}`);
  const bracket = WEIGHT_BRACKETS.find((candidate) => weightGrams <= candidate.maxGrams);
  if (bracket) return bracket.cents[zone];
  const startedSteps = Math.ceil((weightGrams - HEAVIEST_BRACKET.maxGrams) / OVERWEIGHT_STEP_GRAMS);
  return HEAVIEST_BRACKET.cents[zone] + startedSteps * OVERWEIGHT_CENTS_PER_STEP[zone];
}
