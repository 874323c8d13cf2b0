import { ErrorCode } from "../errors";
import { canonicalJson, MAX_IDEMPOTENCY_KEY_LENGTH, readIdempotencyKey, replayStored } from "./request-key";

describe("readIdempotencyKey", () => {
  it("keeps a key exactly as sent, and null when none was sent", () => {
    expect(readIdempotencyKey(" restock-42 ")).toBe(" restock-42 ");
    expect(readIdempotencyKey(null)).toBeNull();
    expect(readIdempotencyKey(undefined)).toBeNull();
  });

  it.each([
    ["an empty key", ""],
    ["a key that is too long", "k".repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1)],
    ["a NUL byte", "key\u0000"],
    ["a lone surrogate", "key\uD800"],
  ])("refuses %s with BAD_USER_INPUT naming idempotencyKey", (_case, key) => {
    expect(() => readIdempotencyKey(key)).toThrow(expect.objectContaining({ code: ErrorCode.BadUserInput, field: "idempotencyKey" }));
  });
});

describe("canonicalJson", () => {
  it("ignores key order and undefined fields", () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }], c: undefined })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: "1" }));
  });
});

describe("replayStored", () => {
  const stored = { request: { productId: "p", quantity: 5 }, result: { onHand: 15 } };

  it("answers the stored result for the same request", () => {
    expect(replayStored(stored, { quantity: 5, productId: "p" })).toEqual({ onHand: 15 });
  });

  it("refuses the same key with other arguments", () => {
    expect(() => replayStored(stored, { productId: "p", quantity: 6 })).toThrow(
      expect.objectContaining({ code: ErrorCode.BadUserInput, field: "idempotencyKey" }),
    );
  });
});
