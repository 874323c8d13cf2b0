import { BadUserInputError } from "../errors";

/**
 * Opaque keyset cursors: the sort key values of the last row seen, base64url-encoded JSON.
 * Clients must treat them as opaque; a cursor that does not decode is a BAD_USER_INPUT.
 */
export type CursorValues = ReadonlyArray<string | number>;

export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, expectedLength: number): CursorValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const isValid =
    Array.isArray(parsed) &&
    parsed.length === expectedLength &&
    parsed.every((value) => typeof value === "string" || typeof value === "number");
  if (!isValid) throw invalidCursor();
  return parsed as CursorValues;
}

const invalidCursor = () => new BadUserInputError("The cursor is not valid", "after");
