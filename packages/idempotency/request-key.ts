import { BadUserInputError } from "../errors";
import { readOptionalText } from "../text-input";

/** Long enough for a UUID or a ULID with a prefix, short enough to index. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The client's key for one logical request, or null when it sent none. Opaque: kept exactly as sent. */
export function readIdempotencyKey(raw: string | null | undefined): string | null {
  return readOptionalText(raw, "idempotencyKey", { minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH, trim: false }, "The idempotency key");
}

/** JSON with object keys sorted, so two equal requests compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, field]) => `${JSON.stringify(name)}:${canonicalJson(field)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * What a key already used answers: its stored result when the request is the same, else BAD_USER_INPUT
 * (a client that reuses a key for other arguments has a bug; applying or ignoring them would both hide it).
 */
export function replayStored<T>(stored: { request: unknown; result: T }, request: unknown): T {
  if (canonicalJson(stored.request) !== canonicalJson(request)) {
    throw new BadUserInputError("This idempotency key was already used with different arguments", "idempotencyKey");
  }
  return stored.result;
}
