import { BadUserInputError } from "../../../../packages/errors";
import { MAX_ORDER_LINES, MAX_QUANTITY, MIN_QUANTITY } from "./order-lines";

/** A cart line as stored: no name, no price (both are read from the catalogue on every read). */
export interface StoredCartLine {
  productId: string;
  quantity: number;
}

/** The lines a cart holds at most: an order from it must still fit the order's own limit. */
export const MAX_CART_LINES = MAX_ORDER_LINES;

/** addToCart's quantity: 1..100, a BAD_USER_INPUT naming `quantity` otherwise. */
export function checkAddedQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
    throw new BadUserInputError(`The quantity must be between ${MIN_QUANTITY} and ${MAX_QUANTITY}`, "quantity");
  }
}

/** setCartLineQuantity's quantity: 0 (remove the line) to 100. */
export function checkLineQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) {
    throw new BadUserInputError(`The quantity must be between 0 and ${MAX_QUANTITY}`, "quantity");
  }
}

function refuseTooManyLines(lines: readonly StoredCartLine[], productId: string): void {
  const isNew = !lines.some((line) => line.productId === productId);
  if (isNew && lines.length >= MAX_CART_LINES) {
    throw new BadUserInputError(`A cart holds at most ${MAX_CART_LINES} lines`, "productId");
  }
}

/** The quantity a line has after adding `quantity` to it: past 100 in total is refused, nothing changes. */
export function quantityAfterAdding(lines: readonly StoredCartLine[], productId: string, quantity: number): number {
  checkAddedQuantity(quantity);
  refuseTooManyLines(lines, productId);
  const current = lines.find((line) => line.productId === productId)?.quantity ?? 0;
  if (current + quantity > MAX_QUANTITY) {
    throw new BadUserInputError(`A line holds at most ${MAX_QUANTITY}; this cart already has ${current}`, "quantity");
  }
  return current + quantity;
}

/** Checks that a line may be set to `quantity` (0 removes it; a new line must fit under the line cap). */
export function checkSetQuantity(lines: readonly StoredCartLine[], productId: string, quantity: number): void {
  checkLineQuantity(quantity);
  if (quantity > 0) refuseTooManyLines(lines, productId);
}

/**
 * A guest cart merged into a user's: the user's lines first, in their order, then the guest's new ones;
 * quantities of a product in both add up, capped at 100; guest lines that would make more than 50 lines
 * are dropped (the cart keeps the first 50). Returns the merged lines.
 */
export function mergeLines(own: readonly StoredCartLine[], guest: readonly StoredCartLine[]): StoredCartLine[] {
  const merged = own.map((line) => ({ ...line }));
  for (const line of guest) {
    const existing = merged.find((candidate) => candidate.productId === line.productId);
    if (existing) existing.quantity = Math.min(MAX_QUANTITY, existing.quantity + line.quantity);
    else if (merged.length < MAX_CART_LINES) merged.push({ ...line });
  }
  return merged;
}

/** A guest cart untouched for longer than the TTL has expired: it is found by no one, and swept. */
export function isExpiredGuestCart(cart: { userId: string | null; updatedAt: Date }, now: Date, ttlMs: number): boolean {
  return cart.userId === null && cart.updatedAt.getTime() <= now.getTime() - ttlMs;
}
