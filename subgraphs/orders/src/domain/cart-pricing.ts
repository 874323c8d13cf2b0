import type { OrderLine } from "./order-lines";

/** A line's product as far as weight goes: the catalogue's current weight of one unit. */
export interface WeighedLine {
  product: { weightGrams: number };
  quantity: number;
}

/** The parcel's weight: every unit of every line, at the products' current weights. */
export function totalWeightGrams(lines: readonly WeighedLine[]): number {
  const grams = lines.reduce((sum, line) => sum + line.product.weightGrams * line.quantity, 0);
  if (!Number.isSafeInteger(grams) || grams < 0) throw new RangeError("cart weight out of range");
  return grams;
}

/**
 * Shipping's price in cents, checked to be in the lines' currency: an order is charged once, in one
 * currency. A mismatch is a configuration fault (shipping and the catalogue disagree), not user input.
 */
export function shippingInLineCurrency(quote: { cents: number; currency: string }, lines: readonly Pick<OrderLine, "currency">[]): number {
  const currency = lines[0]?.currency ?? quote.currency;
  if (quote.currency !== currency) throw new Error(`shipping is priced in ${quote.currency}, the lines in ${currency}`);
  return quote.cents;
}
