import { encodeCursor, type CursorValues } from "./cursor";

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/**
 * Builds a connection from a page fetched with one extra row (`first + 1`), which tells
 * whether another page follows without a second query.
 */
export function toConnection<T>(
  rowsWithLookahead: readonly T[],
  first: number,
  totalCount: number,
  cursorOf: (row: T) => CursorValues,
): Connection<T> {
  const rows = rowsWithLookahead.slice(0, first);
  const edges = rows.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rowsWithLookahead.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
