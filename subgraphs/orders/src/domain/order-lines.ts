import { BadUserInputError } from "../../../../packages/errors";

export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 100;
export const MAX_ORDER_LINES = 50;

/** One line of an order: a product's name and price as they were when it was placed. */
export interface OrderLine {
  productId: string;
  productName: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
}

export interface Amount {
  cents: number;
  currency: string;
}

function checkLine(line: OrderLine, index: number): void {
  const field = `items[${index}]`;
  if (!Number.isInteger(line.quantity) || line.quantity < MIN_QUANTITY || line.quantity > MAX_QUANTITY) {
    throw new BadUserInputError(`The quantity must be between ${MIN_QUANTITY} and ${MAX_QUANTITY}`, `${field}.quantity`);
  }
  if (!Number.isSafeInteger(line.unitPriceCents) || line.unitPriceCents < 0) {
    throw new BadUserInputError("A unit price must be a non-negative number of cents", `${field}.unitPrice`);
  }
}

/** Money is integer cents end to end: a line's subtotal is an exact product, never a float. */
export function lineSubtotalCents(line: Pick<OrderLine, "unitPriceCents" | "quantity">): number {
  const cents = line.unitPriceCents * line.quantity;
  if (!Number.isSafeInteger(cents)) throw new RangeError("line subtotal out of range");
  return cents;
}

/**
 * Checks an order's lines (1..50 lines, 1..100 of each, one currency) and returns its total.
 * An order is charged once, so all its lines must share a currency.
 */
export function orderTotal(lines: readonly OrderLine[]): Amount {
  const first = lines[0];
  if (!first || lines.length > MAX_ORDER_LINES) {
    throw new BadUserInputError(`An order needs 1 to ${MAX_ORDER_LINES} lines`, "items");
  }
  lines.forEach(checkLine);
  if (lines.some((line) => line.currency !== first.currency)) {
    throw new BadUserInputError("All lines of an order must share one currency", "items");
  }
  const cents = lines.reduce((sum, line) => sum + lineSubtotalCents(line), 0);
  if (!Number.isSafeInteger(cents)) throw new RangeError("order total out of range");
  return { cents, currency: first.currency };
}

/** What an order charges: its lines' subtotal plus shipping (in the lines' currency), and their sum. */
export interface OrderCharge {
  subtotalCents: number;
  shippingCents: number;
  totalCents: number;
  currency: string;
}

/** Checks the lines (see orderTotal) and adds shipping to them: total = subtotal + shipping. */
export function orderCharge(lines: readonly OrderLine[], shippingCents: number): OrderCharge {
  const subtotal = orderTotal(lines);
  if (!Number.isSafeInteger(shippingCents) || shippingCents < 0) throw new RangeError("shipping cost out of range");
  const totalCents = subtotal.cents + shippingCents;
  if (!Number.isSafeInteger(totalCents)) throw new RangeError("order total out of range");
  return { subtotalCents: subtotal.cents, shippingCents, totalCents, currency: subtotal.currency };
}
