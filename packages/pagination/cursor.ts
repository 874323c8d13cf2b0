import { BadUserInputError } from "../errors";
import { findTextProblem } from "../text-input";

/**
 * Opaque keyset cursors: the sort key values of the last row seen, base64url-encoded JSON.
 * Clients must treat them as opaque; a cursor that does not decode is a BAD_USER_INPUT.
 */
export type CursorValues = ReadonlyArray<string | number>;

export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** Far above any cursor we issue (a sort key of at most a few hundred characters, an id, base64url). */
export const MAX_CURSOR_LENGTH = 4096;

/**
 * A decoded value may become a SQL parameter (a name to sort after), so it keeps the text rule too. Line
 * breaks pass: a cursor carries stored values, which may predate the rule; NUL and lone surrogates never.
 */
const CURSOR_VALUE_RULE = { maxLength: MAX_CURSOR_LENGTH, multiline: true, trim: false };

export function decodeCursor(cursor: string, expectedLength: number): CursorValues {
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const isValid =
    Array.isArray(parsed) &&
    parsed.length === expectedLength &&
    parsed.every((value) => (typeof value === "string" && findTextProblem(value, CURSOR_VALUE_RULE) === null) || typeof value === "number");
  if (!isValid) throw invalidCursor();
  return parsed as CursorValues;
}

const invalidCursor = () => new BadUserInputError("The cursor is not valid", "after");
