const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are PostgreSQL uuids: anything else can name no row, and must not reach a uuid column (the cast would fail). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/**
 * The canonical (lower-case) form of a UUID, as PostgreSQL returns it, or null for anything else.
 * Loaders match rows to keys by this form, so an upper-case id still finds its row.
 */
export function canonicalUuid(value: string): string | null {
  return isUuid(value) ? value.toLowerCase() : null;
}
