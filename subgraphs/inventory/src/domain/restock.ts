import { BadUserInputError } from "../../../../packages/errors";
import { isUuid } from "../../../../packages/ids";

/**
 * The largest quantity one restock may add. A real delivery is far smaller; the cap catches typos
 * (an extra digit or two) before they become stock.
 */
export const MAX_RESTOCK_QUANTITY = 1_000_000;

/** on_hand is a PostgreSQL integer; a restock that would pass it is refused instead of overflowing. */
export const MAX_ON_HAND = 2_147_483_647;

export interface RestockRequest {
  productId: string;
  quantity: number;
}

/** Returns the request when it may be applied; the first broken rule is a BAD_USER_INPUT. */
export function validateRestock(request: RestockRequest): RestockRequest {
  if (!isUuid(request.productId)) throw new BadUserInputError("productId is not a valid product id", "productId");
  if (!Number.isInteger(request.quantity) || request.quantity <= 0 || request.quantity > MAX_RESTOCK_QUANTITY) {
    throw new BadUserInputError(`quantity must be between 1 and ${MAX_RESTOCK_QUANTITY}`, "quantity");
  }
  return request;
}

export function onHandLimitReached(): BadUserInputError {
  return new BadUserInputError(`on hand stock cannot exceed ${MAX_ON_HAND} units`, "quantity");
}
