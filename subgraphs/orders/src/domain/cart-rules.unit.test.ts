import { randomUUID } from "node:crypto";
import { checkSetQuantity, isExpiredGuestCart, MAX_CART_LINES, mergeLines, quantityAfterAdding, type StoredCartLine } from "./cart-rules";

const lines = (count: number, quantity = 1): StoredCartLine[] => Array.from({ length: count }, () => ({ productId: randomUUID(), quantity }));

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
    return (error as { field?: string }).field;
  }
  throw new Error("expected a BAD_USER_INPUT");
}

describe("adding to a cart", () => {
  it("adds to an existing line, or starts one", () => {
    const cart = lines(2, 40);
    expect(quantityAfterAdding(cart, cart[0]!.productId, 60)).toBe(100);
    expect(quantityAfterAdding(cart, randomUUID(), 1)).toBe(1);
  });

  it.each([0, -1, 101, 1.5, Number.NaN])("refuses a quantity of %p", (quantity) => {
    expect(fieldOf(() => quantityAfterAdding([], randomUUID(), quantity))).toBe("quantity");
  });

  it("refuses a line past 100 in total, and a 51st line", () => {
    const cart = lines(MAX_CART_LINES, 99);
    expect(fieldOf(() => quantityAfterAdding(cart, cart[0]!.productId, 2))).toBe("quantity");
    expect(fieldOf(() => quantityAfterAdding(cart, randomUUID(), 1))).toBe("productId");
    expect(quantityAfterAdding(cart, cart[1]!.productId, 1)).toBe(100);
  });
});

describe("setting a line's quantity", () => {
  it("takes 0 (remove) to 100, and refuses a new line past the cap", () => {
    const full = lines(MAX_CART_LINES);
    expect(() => checkSetQuantity(full, full[0]!.productId, 0)).not.toThrow();
    expect(() => checkSetQuantity(full, full[0]!.productId, 100)).not.toThrow();
    expect(() => checkSetQuantity(full, randomUUID(), 0)).not.toThrow();
    expect(fieldOf(() => checkSetQuantity(full, randomUUID(), 1))).toBe("productId");
    expect(fieldOf(() => checkSetQuantity([], randomUUID(), 101))).toBe("quantity");
    expect(fieldOf(() => checkSetQuantity([], randomUUID(), -1))).toBe("quantity");
  });
});

describe("merging a guest cart", () => {
  it("adds quantities of shared products up to 100 and appends the guest's other lines in order", () => {
    const own = lines(2, 70);
    const extra = { productId: randomUUID(), quantity: 3 };
    const merged = mergeLines(own, [{ productId: own[1]!.productId, quantity: 50 }, extra]);
    expect(merged).toEqual([own[0], { productId: own[1]!.productId, quantity: 100 }, extra]);
    expect(own[1]!.quantity).toBe(70);
  });

  it("keeps the first 50 lines: the user's, then the guest's; the rest of the guest's are dropped", () => {
    const own = lines(48);
    const guest = lines(5);
    const merged = mergeLines(own, guest);
    expect(merged).toHaveLength(MAX_CART_LINES);
    expect(merged.slice(48)).toEqual(guest.slice(0, 2));
  });
});

describe("guest cart expiry", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const day = 86_400_000;

  it("expires a guest cart untouched for the TTL, never a user's cart", () => {
    expect(isExpiredGuestCart({ userId: null, updatedAt: new Date(now.getTime() - 30 * day) }, now, 30 * day)).toBe(true);
    expect(isExpiredGuestCart({ userId: null, updatedAt: new Date(now.getTime() - 30 * day + 1) }, now, 30 * day)).toBe(false);
    expect(isExpiredGuestCart({ userId: randomUUID(), updatedAt: new Date(0) }, now, 30 * day)).toBe(false);
  });
});
