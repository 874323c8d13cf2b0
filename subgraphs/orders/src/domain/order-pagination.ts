import { BadUserInputError } from "../../../../packages/errors";
import { checkPageSize, decodeCursor, toConnection, type Connection, type CursorValues } from "../../../../packages/pagination";
import { canonicalUuid } from "../../../../packages/ids";

/**
 * Orders are listed newest first: by creation time, then id to break ties. A cursor holds both
 * values of the last order seen, so the next page starts strictly after it (keyset pagination).
 */
export interface OrderKeyset {
  createdAt: Date;
  id: string;
}

/** A validated page request: `first` orders after the keyset (null = from the newest). */
export interface OrderPageRequest {
  first: number;
  after: OrderKeyset | null;
}

/** The values an order's cursor encodes (toConnection makes them opaque). */
export function orderCursorValues(order: OrderKeyset): CursorValues {
  return [order.createdAt.toISOString(), order.id];
}

/** Decodes an `after` argument; one that is not a cursor we issued is a BAD_USER_INPUT. */
export function decodeOrderCursor(after: string | null | undefined): OrderKeyset | null {
  if (after === null || after === undefined) return null;
  const [createdAt, id] = decodeCursor(after, 2);
  const instant = typeof createdAt === "string" ? new Date(createdAt) : new Date(NaN);
  const orderId = typeof id === "string" ? canonicalUuid(id) : null;
  if (Number.isNaN(instant.getTime()) || orderId === null) throw new BadUserInputError("The cursor is not valid", "after");
  return { createdAt: instant, id: orderId };
}

/** Checks a connection's `first` and `after` arguments (BAD_USER_INPUT when out of bounds or not ours). */
export function orderPageRequest(first: number, after: string | null | undefined): OrderPageRequest {
  return { first: checkPageSize(first), after: decodeOrderCursor(after) };
}

/** A connection over orders fetched newest first with one lookahead row. */
export function toOrderConnection<T extends OrderKeyset>(rowsWithLookahead: readonly T[], first: number, totalCount: number): Connection<T> {
  return toConnection(rowsWithLookahead, first, totalCount, orderCursorValues);
}
