import fc from "fast-check";
import { BadUserInputError } from "../errors";
import { codePointLength, findTextProblem, readOptionalText, readText, type TextRule } from "./text-rule";

const line: TextRule = { maxLength: 10 };
const paragraph: TextRule = { maxLength: 10, multiline: true };

/** String.prototype.isWellFormed exists on Node 20; the ES2023 lib the project compiles against does not declare it. */
const isWellFormed = (value: string): boolean => (value as unknown as { isWellFormed(): boolean }).isWellFormed();

describe("findTextProblem", () => {
  it.each<[string, string, TextRule, ReturnType<typeof findTextProblem>]>([
    ["plain text", "Main St 1", line, null],
    ["surrounding whitespace, trimmed away", "  Main St  \n", line, null],
    ["RTL and zero-width characters", "\u202Eabc\u200B\u200D", line, null],
    ["an emoji (one code point, two UTF-16 units) at the limit", "123456789\u{1F600}", line, null],
    ["a NUL byte", "a\u0000b", line, "control"],
    ["a NUL byte in multi-line text", "a\u0000b", paragraph, "control"],
    ["a bell", "a\u0007b", line, "control"],
    ["an escape", "\u001b[31m", line, "control"],
    ["DEL", "a\u007Fb", line, "control"],
    ["a C1 control (NEL)", "a\u0085b", line, "control"],
    ["a vertical tab inside", "a\u000Bb", line, "control"],
    ["a lone high surrogate", "a\uD800b", line, "malformed"],
    ["a lone low surrogate", "a\uDFFFb", line, "malformed"],
    ["a reversed pair", "\uDC00\uD800", line, "malformed"],
    ["a line feed in a single line", "a\nb", line, "line-break"],
    ["a tab in a single line", "a\tb", line, "line-break"],
    ["a line separator in a single line", "a\u2028b", line, "line-break"],
    ["line breaks and tabs in multi-line text", "a\r\nb\tc", paragraph, null],
    ["one character too many", "12345678901", line, "too-long"],
    ["too few characters", " ", { maxLength: 10, minLength: 1 }, "too-short"],
    ["untrimmed spaces that count", " ab ", { maxLength: 3, trim: false }, "too-long"],
  ])("%s", (_case, value, rule, problem) => {
    expect(findTextProblem(value, rule)).toBe(problem);
  });
});

describe("readText", () => {
  it("returns the text trimmed, or as typed when trimming is off", () => {
    expect(readText("  Main St ", "line1", line)).toBe("Main St");
    expect(readText(" secret ", "password", { maxLength: 20, trim: false })).toBe(" secret ");
  });

  it("throws a BAD_USER_INPUT naming the field", () => {
    const attempt = () => readText("a\u0000b", "shippingAddress.line1", line, "line1");
    expect(attempt).toThrow(BadUserInputError);
    expect(attempt).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field: "shippingAddress.line1", message: "line1 must not contain control characters" }));
  });

  it("passes null and undefined through as null when the field is optional", () => {
    expect(readOptionalText(null, "line2", line)).toBeNull();
    expect(readOptionalText(undefined, "line2", line)).toBeNull();
    expect(() => readOptionalText("\uD800", "line2", line)).toThrow(expect.objectContaining({ field: "line2" }));
  });

  it("answers a 100k-character string quickly and refuses it", () => {
    expect(findTextProblem("x".repeat(100_000), { maxLength: 5000, multiline: true })).toBe("too-long");
  });
});

describe("the rule, for any input", () => {
  const rules = fc.record({
    maxLength: fc.integer({ min: 0, max: 40 }),
    minLength: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    multiline: fc.option(fc.boolean(), { nil: undefined }),
    trim: fc.option(fc.boolean(), { nil: undefined }),
  });
  // Any UTF-16 unit (lone surrogates included), whole characters, and the characters the rule is about.
  const unit = fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    fc.constantFrom("\u0000", "\t", "\n", "\r", " ", "\u0085", "\u2028", "\u200B", "\u202E", "\uD800", "\uDFFF", "\u{1F600}"),
  );
  const anyText = fc.string({ unit, maxLength: 60 });

  /** The rule restated from Unicode's own categories, to hold the implementation against. */
  function keepsTheRule(value: string, rule: TextRule): boolean {
    if (!isWellFormed(value)) return false;
    const codePoints = [...(rule.trim === false ? value : value.trim())];
    const allowed = (char: string) =>
      rule.multiline === true ? !/\p{Cc}/u.test(char) || /[\t\n\r]/.test(char) : !/[\p{Cc}\u2028\u2029]/u.test(char);
    return codePoints.every(allowed) && codePoints.length <= rule.maxLength && codePoints.length >= (rule.minLength ?? 0);
  }

  it("accepts exactly the well-formed text without control characters within its length, and calls ill-formed text malformed", () => {
    fc.assert(
      fc.property(anyText, rules, (value, rule) => {
        const problem = findTextProblem(value, rule);
        expect(problem === null).toBe(keepsTheRule(value, rule));
        if (!isWellFormed(value)) expect(problem).toBe("malformed");
      }),
      { numRuns: 2000 },
    );
  });

  it("never lets a NUL, another control character or a lone surrogate through, wherever it sits", () => {
    const hostile = fc.constantFrom("\u0000", "\u0001", "\u001f", "\u007f", "\u009f", "\uD800", "\uDBFF", "\uDC00", "\uDFFF");
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), hostile, fc.string({ maxLength: 20 }), fc.boolean(), (before, bad, after, multiline) => {
        // A surrogate next to a neighbour it could pair with is not lone; keep the neighbours surrogate-free.
        const value = `${before.replace(/[\uD800-\uDFFF]/g, "")}${bad}${after.replace(/[\uD800-\uDFFF]/g, "")}x`;
        return findTextProblem(value, { maxLength: 100, multiline }) !== null;
      }),
    );
  });

  it("returns text that keeps the rule when read again (reading is idempotent)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), rules, (value, rule) => {
        if (findTextProblem(value, rule) !== null) return true;
        const read = readText(value, "field", rule);
        return findTextProblem(read, rule) === null && readText(read, "field", rule) === read;
      }),
    );
  });

  it("counts code points as the spread operator does, and stops past the limit", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (value) => codePointLength(value) === [...value].length),
    );
    expect(codePointLength("x".repeat(1000), 10)).toBe(11);
  });
});
