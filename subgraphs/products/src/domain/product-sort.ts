import { BadUserInputError } from "../../../../packages/errors";
import { decodeCursor, type CursorValues } from "../../../../packages/pagination";
import { isUuid } from "../../../../packages/ids";

export type SortDirection = "asc" | "desc";
export type SortKey = "createdAt" | "priceCents" | "name";

/** Each sort orders by one key, then by id in the same direction, so every row has one place. */
export interface SortSpec {
  key: SortKey;
  direction: SortDirection;
}

export const PRODUCT_SORTS = {
  NEWEST: { key: "createdAt", direction: "desc" },
  PRICE_ASC: { key: "priceCents", direction: "asc" },
  PRICE_DESC: { key: "priceCents", direction: "desc" },
  NAME_ASC: { key: "name", direction: "asc" },
} as const satisfies Record<string, SortSpec>;

export type ProductSort = keyof typeof PRODUCT_SORTS;

/** The fields of a product that sorts read. */
export interface SortableProduct {
  id: string;
  createdAt: Date;
  priceCents: number;
  name: string;
}

export type SortKeyValue = Date | number | string;

/** Where the previous page ended: keyset pagination continues strictly after this row. */
export interface SortPosition {
  key: SortKeyValue;
  id: string;
}

/** Cursor contents: [sort, key, id]. Naming the sort lets a cursor from another sort be refused. */
export function productCursor(sort: ProductSort, product: SortableProduct): CursorValues {
  const key = product[PRODUCT_SORTS[sort].key];
  return [sort, key instanceof Date ? key.toISOString() : key, product.id];
}

const invalidCursor = (message = "The cursor is not valid") => new BadUserInputError(message, "after");

function parseKey(key: SortKey, value: string | number): SortKeyValue {
  switch (key) {
    case "createdAt": {
      const date = typeof value === "string" ? new Date(value) : null;
      // Only what productCursor writes is accepted: an exact ISO-8601 instant.
      if (!date || Number.isNaN(date.getTime()) || date.toISOString() !== value) throw invalidCursor();
      return date;
    }
    case "priceCents":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) throw invalidCursor();
      return value;
    case "name":
      if (typeof value !== "string") throw invalidCursor();
      return value;
  }
}

/** Reads an `after` cursor for a sort; anything malformed, or written for another sort, is a BAD_USER_INPUT. */
export function parseProductCursor(sort: ProductSort, cursor: string): SortPosition {
  const [cursorSort, key, id] = decodeCursor(cursor, 3);
  if (cursorSort !== sort) throw invalidCursor("The cursor belongs to another sort order");
  if (!isUuid(id)) throw invalidCursor();
  return { key: parseKey(PRODUCT_SORTS[sort].key, key!), id };
}
