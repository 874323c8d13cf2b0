import type { OrderLine } from "./order-lines";

/** A line as far as weight goes: the catalogue's current weight of one unit, and how many. */
export interface WeighedLine {
  weightGrams: number;
  quantity: number;
}

/** The parcel's weight: every unit of every line, at the products' current weights. */
export function totalWeightGrams(lines: readonly WeighedLine[]): number {
  const grams = lines.reduce((sum, line) => sum + line.weightGrams * line.quantity, 0);
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

/** A cart line at the catalogue's current price and weight: never stored, computed on every read. */
export interface PricedCartLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
  currency: string;
  weightGrams: number;
}

/** What pricing needs of a product: its current price and weight. */
export interface CurrentProduct {
  id: string;
  priceCents: number;
  currency: string;
  weightGrams: number;
}

/** The catalogue's currency when a cart has no line to take one from. */
export const EMPTY_CART_CURRENCY = "USD";

/**
 * The cart's lines at current prices. A line whose product the catalogue no longer has is left out
 * (nothing can be bought from it; checkout refuses it by the same lookup).
 */
export function priceCartLines(lines: ReadonlyArray<{ productId: string; quantity: number }>, products: ReadonlyArray<CurrentProduct | null>): PricedCartLine[] {
  return lines.flatMap((line, index) => {
    const product = products[index];
    if (!product) return [];
    return [{ productId: line.productId, quantity: line.quantity, unitPriceCents: product.priceCents, currency: product.currency, weightGrams: product.weightGrams }];
  });
}

/** Sum of the lines' subtotals, in their one currency (mixed currencies cannot be added: a catalogue fault). */
export function cartSubtotal(lines: readonly PricedCartLine[]): { cents: number; currency: string } {
  const currency = lines[0]?.currency ?? EMPTY_CART_CURRENCY;
  if (lines.some((line) => line.currency !== currency)) throw new Error("the cart's products are priced in more than one currency");
  const cents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
  if (!Number.isSafeInteger(cents)) throw new RangeError("cart subtotal out of range");
  return { cents, currency };
}

/** total = subtotal + shipping; the subtotal alone while there is no shipping cost. */
export function cartTotal(subtotal: { cents: number; currency: string }, shipping: { cents: number; currency: string } | null): { cents: number; currency: string } {
  if (!shipping) return subtotal;
  if (shipping.currency !== subtotal.currency) throw new Error(`shipping is priced in ${shipping.currency}, the cart in ${subtotal.currency}`);
  return { cents: subtotal.cents + shipping.cents, currency: subtotal.currency };
}
