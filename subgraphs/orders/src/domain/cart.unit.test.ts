import { randomUUID } from "node:crypto";
import { checkCart, normalizeIdempotencyKey, type CartLine } from "./cart";

const lines: CartLine[] = [{ productId: randomUUID(), quantity: 1 }];

function refusal(attempt: () => unknown): { field?: string; message: string } {
  try {
    attempt();
  } catch (error) {
    expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
    return error as { field?: string; message: string };
  }
  throw new Error("expected a BAD_USER_INPUT");
}

describe("checkCart", () => {
  it("returns the payment token trimmed", () => {
    expect(checkCart(lines, " tok_visa ")).toBe("tok_visa");
  });

  it.each([
    ["a blank token", "  "],
    ["a NUL in the token", "tok_\u0000visa"],
    ["a lone surrogate in the token", "tok_visa\uD800"],
    ["a token of 201 characters", "t".repeat(201)],
  ])("refuses %s as BAD_USER_INPUT on paymentToken", (_case, token) => {
    expect(refusal(() => checkCart(lines, token)).field).toBe("paymentToken");
  });

  it("refuses a product id that is not one without repeating it", () => {
    const hostile = `\u0000${"x".repeat(10_000)}`;
    const error = refusal(() => checkCart([{ productId: hostile, quantity: 1 }], "tok_visa"));
    expect(error.field).toBe("items[0].productId");
    expect(error.message).not.toContain("x");
  });
});

describe("normalizeIdempotencyKey", () => {
  it("trims a key, and takes none for a blank one or none", () => {
    expect(normalizeIdempotencyKey(" key-1 ")).toBe("key-1");
    expect(normalizeIdempotencyKey("   ")).toBeNull();
    expect(normalizeIdempotencyKey(null)).toBeNull();
    expect(normalizeIdempotencyKey(undefined)).toBeNull();
  });

  it.each([
    ["a NUL", "key\u0000"],
    ["a lone surrogate", "\uDFFFkey"],
    ["a line break", "key\nother"],
    ["201 characters", "k".repeat(201)],
  ])("refuses %s as BAD_USER_INPUT on idempotencyKey", (_case, key) => {
    expect(refusal(() => normalizeIdempotencyKey(key)).field).toBe("idempotencyKey");
  });
});
