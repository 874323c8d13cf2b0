import { BadUserInputError } from "../../../../packages/errors";
import { isUuid } from "../../../../packages/ids";
import { readOptionalText, readText } from "../../../../packages/text-input";
import { MAX_ORDER_LINES, MAX_QUANTITY, MIN_QUANTITY } from "./order-lines";

/** What a customer asks for: product ids and quantities, before names and prices are looked up. */
export interface CartLine {
  productId: string;
  quantity: number;
}

const MAX_TOKEN_LENGTH = 200;
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * The checks placeOrder makes before it asks anyone anything; the first broken rule is a BAD_USER_INPUT.
 * Returns the payment token, trimmed.
 */
export function checkCart(lines: readonly CartLine[], paymentToken: string): string {
  if (lines.length === 0 || lines.length > MAX_ORDER_LINES) {
    throw new BadUserInputError(`An order needs 1 to ${MAX_ORDER_LINES} lines`, "items");
  }
  lines.forEach((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < MIN_QUANTITY || line.quantity > MAX_QUANTITY) {
      throw new BadUserInputError(`The quantity must be between ${MIN_QUANTITY} and ${MAX_QUANTITY}`, `items[${index}].quantity`);
    }
    // Not echoed: a malformed id may be anything, up to a megabyte of control characters.
    if (!isUuid(line.productId)) throw new BadUserInputError("Unknown product: not a product id", `items[${index}].productId`);
  });
  return readPaymentToken(paymentToken);
}

/** The payment token, trimmed; one that breaks the text rule is a BAD_USER_INPUT. */
export function readPaymentToken(paymentToken: string): string {
  return readText(paymentToken, "paymentToken", { minLength: 1, maxLength: MAX_TOKEN_LENGTH }, "The payment token");
}

/** A blank key is no key; one that breaks the text rule is a BAD_USER_INPUT. */
export function normalizeIdempotencyKey(key: string | null | undefined): string | null {
  const trimmed = readOptionalText(key, "idempotencyKey", { maxLength: MAX_IDEMPOTENCY_KEY_LENGTH }, "An idempotency key") ?? "";
  return trimmed.length > 0 ? trimmed : null;
}

/** Whether a retried request asks for the same cart as the order its idempotency key already names. */
export function isSameCart(placed: readonly CartLine[], requested: readonly CartLine[]): boolean {
  return (
    placed.length === requested.length &&
    placed.every((line, index) => line.productId.toLowerCase() === requested[index]!.productId.toLowerCase() && line.quantity === requested[index]!.quantity)
  );
}
