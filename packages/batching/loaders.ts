import DataLoader from "dataloader";

/**
 * DataLoader factories for the two shapes every subgraph batches: one row per key (entities by id)
 * and many rows per key (items of an order). Each turns N lookups in a request into one query.
 */
export function rowByKeyLoader<Row>(
  fetchRows: (keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map((await fetchRows(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

export function rowsByKeyLoader<Row>(
  fetchRows: (keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row[]> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<string, Row[]>();
    for (const row of await fetchRows(keys)) {
      const key = keyOf(row);
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
