import { BadUserInputError } from "../errors";

/**
 * The one rule every client-supplied text passes before it is used: well-formed Unicode, no control
 * characters, and a length limit. PostgreSQL refuses NUL in text (error 22021) and Prisma cannot encode a
 * lone UTF-16 surrogate, so text that breaks the rule is refused here, as a BAD_USER_INPUT naming its
 * field, before anything reaches a database.
 */
export interface TextRule {
  /** The most characters (Unicode code points, as PostgreSQL counts them) after trimming. */
  maxLength: number;
  /** The fewest characters after trimming; 0 when omitted. */
  minLength?: number;
  /** Multi-line fields (a product description) may hold line breaks and tabs; nothing else may. */
  multiline?: boolean;
  /** Surrounding whitespace is dropped unless this is false (passwords are taken as typed). */
  trim?: boolean;
}

export type TextProblem = "malformed" | "control" | "line-break" | "too-short" | "too-long";

// In a `u` regex a surrogate pair is one code point, so \p{Cs} matches only a lone surrogate:
// the same test as String.prototype.isWellFormed, which the ES2023 lib this project compiles against lacks.
const LONE_SURROGATE = /\p{Cs}/u;
// C0 and C1 control characters (Unicode category Cc) other than tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Tab, line feed, carriage return and the Unicode line and paragraph separators: fine in multi-line text only.
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

/** Counts code points, stopping just past `limit` so a huge string costs no more than the limit. */
export function codePointLength(value: string, limit = Number.POSITIVE_INFINITY): number {
  let count = 0;
  for (const _codePoint of value) {
    count += 1;
    if (count > limit) break;
  }
  return count;
}

/** What is wrong with `value` under `rule` (checked after trimming), or null when nothing is. */
export function findTextProblem(value: string, rule: TextRule): TextProblem | null {
  if (LONE_SURROGATE.test(value)) return "malformed";
  const text = rule.trim === false ? value : value.trim();
  if (CONTROL.test(text)) return "control";
  if (!rule.multiline && LINE_BREAK.test(text)) return "line-break";
  const length = codePointLength(text, rule.maxLength);
  if (length > rule.maxLength) return "too-long";
  if (length < (rule.minLength ?? 0)) return "too-short";
  return null;
}

/** A message a client can act on; `subject` names the field as people read it ("The name", "search"). */
export function describeTextProblem(problem: TextProblem, subject: string, rule: TextRule): string {
  switch (problem) {
    case "malformed":
      return `${subject} is not well-formed Unicode text`;
    case "control":
      return `${subject} must not contain control characters`;
    case "line-break":
      return `${subject} must be a single line, without tabs`;
    case "too-short":
    case "too-long":
      return rule.minLength
        ? `${subject} must have ${rule.minLength} to ${rule.maxLength} characters`
        : `${subject} must have at most ${rule.maxLength} characters`;
  }
}

/**
 * Returns the text (trimmed unless `rule.trim` is false) when it keeps the rule; otherwise throws a
 * BadUserInputError whose field is `field`, e.g. `shippingAddress.line1`.
 */
export function readText(value: string, field: string, rule: TextRule, subject = field): string {
  const problem = findTextProblem(value, rule);
  if (problem) throw new BadUserInputError(describeTextProblem(problem, subject, rule), field);
  return rule.trim === false ? value : value.trim();
}

/** readText for optional arguments: null and undefined pass through as null. */
export function readOptionalText(value: string | null | undefined, field: string, rule: TextRule, subject = field): string | null {
  return value === null || value === undefined ? null : readText(value, field, rule, subject);
}
