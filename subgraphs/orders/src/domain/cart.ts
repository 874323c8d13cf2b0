import { BadUserInputError } from "../../../../packages/errors";
import { isUuid } from "../../../../packages/ids";
import { MAX_ORDER_LINES, MAX_QUANTITY, MIN_QUANTITY } from "./order-lines";

/** What a customer asks for: product ids and quantities, before names and prices are looked up. */
export interface CartLine {
  productId: string;
  quantity: number;
}

const MAX_TOKEN_LENGTH = 200;
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The checks placeOrder makes before it asks anyone anything; the first broken rule is a BAD_USER_INPUT. */
export function checkCart(lines: readonly CartLine[], paymentToken: string): void {
  if (lines.length === 0 || lines.length > MAX_ORDER_LINES) {
    throw new BadUserInputError(`An order needs 1 to ${MAX_ORDER_LINES} lines`, "items");
  }
  lines.forEach((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < MIN_QUANTITY || line.quantity > MAX_QUANTITY) {
      throw new BadUserInputError(`The quantity must be between ${MIN_QUANTITY} and ${MAX_QUANTITY}`, `items[${index}].quantity`);
    }
    if (!isUuid(line.productId)) throw new BadUserInputError(`Unknown product ${line.productId}`, `items[${index}].productId`);
  });
  const token = paymentToken.trim();
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new BadUserInputError("A payment token is required", "paymentToken");
}

export function normalizeIdempotencyKey(key: string | null | undefined): string | null {
  const trimmed = key?.trim() ?? "";
  if (trimmed.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new BadUserInputError(`An idempotency key has at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, "idempotencyKey");
  }
  return trimmed.length > 0 ? trimmed : null;
}

/** Whether a retried request asks for the same cart as the order its idempotency key already names. */
export function isSameCart(placed: readonly CartLine[], requested: readonly CartLine[]): boolean {
  return (
    placed.length === requested.length &&
    placed.every((line, index) => line.productId.toLowerCase() === requested[index]!.productId.toLowerCase() && line.quantity === requested[index]!.quantity)
  );
}
