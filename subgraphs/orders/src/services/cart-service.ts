import { BadUserInputError, NotFoundError, UnauthenticatedError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";
import { canonicalUuid } from "../../../../packages/ids";
import { readPostalCode } from "../../../../packages/postal-address";
import type { OrdersTx } from "../repositories/saga-store";
import type { ProductCatalog } from "../clients/product-catalog";
import type { ShippingQuotes } from "../clients/shipping-quotes";
import { checkAddedQuantity, checkLineQuantity, checkSetQuantity, isExpiredGuestCart, mergeLines, quantityAfterAdding } from "../domain/cart-rules";
import {
  createGuestCart,
  deleteCart,
  findCartById,
  findCartOfUser,
  findCartsByIds,
  lockCart,
  lockOrCreateUserCart,
  setLine,
  setPostalCode,
  writeLines,
  type CartRecord,
} from "../repositories/cart-repository";
import type { OrdersPrisma } from "../repositories/prisma-client";

export interface CartServiceDeps {
  prisma: OrdersPrisma;
  catalog: ProductCatalog;
  shipping: ShippingQuotes;
  /** A guest cart untouched for longer than this is found by no one (and swept). */
  guestCartTtlMs: number;
}

/**
 * Server-side carts. A guest cart is found by its random id (the id is the capability); a signed-in caller
 * always works on their own cart, created on first use. Every change runs in one transaction holding the
 * cart's row lock, and every refusal (BAD_USER_INPUT / NOT_FOUND) is thrown before or inside it, so a
 * refused request changes nothing, not even the guest cart it would have created.
 */
export function createCartService({ prisma, catalog, shipping, guestCartTtlMs }: CartServiceDeps) {
  const live = (cart: CartRecord | null): CartRecord | null => (cart && !isExpiredGuestCart(cart, new Date(), guestCartTtlMs) ? cart : null);

  /** Query.cart: a signed-in caller's own cart (any id is ignored); an anonymous caller's guest cart by id. */
  async function cartFor(caller: Caller | null, id: string | null | undefined): Promise<CartRecord | null> {
    if (caller) return findCartOfUser(prisma, caller.userId);
    const cartId = id == null ? null : canonicalUuid(id);
    const cart = cartId ? live(await findCartById(prisma, cartId)) : null;
    return cart?.userId === null ? cart : null;
  }

  /**
   * Carts by id as a later step of a query plan asks for them (one statement for all): guest carts, and
   * the caller's own; other users' carts, expired ones and ids that are not UUIDs are left out.
   */
  async function visibleCarts(caller: Caller | null, ids: readonly string[]): Promise<CartRecord[]> {
    const cartIds = ids.flatMap((id) => canonicalUuid(id) ?? []);
    const carts = cartIds.length === 0 ? [] : await findCartsByIds(prisma, cartIds);
    return carts.filter((cart) => live(cart) && (cart.userId === null || cart.userId === caller?.userId));
  }

  /**
   * The cart a mutation changes, locked. Signed in: the caller's own (a guest cart's id is ignored, another
   * user's is NOT_FOUND). Anonymous: the guest cart with `cartId`, or a new one when `create` and no id.
   */
  async function lockTarget(tx: OrdersTx, caller: Caller | null, cartId: string | null | undefined, create: boolean): Promise<CartRecord> {
    const id = cartId == null ? null : canonicalUuid(cartId);
    if (cartId != null && id === null) throw new NotFoundError("No such cart");
    if (caller) {
      const named = id ? await findCartById(tx, id) : null;
      if (named?.userId != null && named.userId !== caller.userId) throw new NotFoundError("No such cart");
      return lockOrCreateUserCart(tx, caller.userId);
    }
    if (id === null) {
      if (create) return createGuestCart(tx);
      throw new NotFoundError("No such cart: a guest names its cart by cartId");
    }
    const cart = live(await lockCart(tx, id));
    if (!cart || cart.userId !== null) throw new NotFoundError("No such cart");
    return cart;
  }

  /** Refuses a product the catalogue does not have (BAD_USER_INPUT naming productId); returns its canonical id. */
  async function existingProduct(productId: string): Promise<string> {
    const id = canonicalUuid(productId);
    // Not echoed: a malformed id may be anything, up to a megabyte of control characters.
    const product = id ? (await catalog.snapshots([id])).get(id) : undefined;
    if (!product) throw new BadUserInputError("Unknown product", "productId");
    return product.id;
  }

  async function change(caller: Caller | null, cartId: string | null | undefined, create: boolean, apply: (tx: OrdersTx, cart: CartRecord) => Promise<void>) {
    return prisma.$transaction(async (tx) => {
      const cart = await lockTarget(tx, caller, cartId, create);
      await apply(tx, cart);
      return (await findCartById(tx, cart.id))!;
    });
  }

  async function addToCart(caller: Caller | null, cartId: string | null | undefined, productId: string, quantity: number): Promise<CartRecord> {
    checkAddedQuantity(quantity);
    const id = await existingProduct(productId);
    return change(caller, cartId, true, (tx, cart) => setLine(tx, cart.id, id, quantityAfterAdding(cart.lines, id, quantity)));
  }

  async function setCartLineQuantity(caller: Caller | null, cartId: string | null | undefined, productId: string, quantity: number): Promise<CartRecord> {
    checkLineQuantity(quantity);
    // Removing needs no catalogue: a line whose product has gone can still be taken out.
    const id = quantity === 0 ? canonicalUuid(productId) : await existingProduct(productId);
    if (id === null) throw new BadUserInputError("Unknown product", "productId");
    return change(caller, cartId, false, async (tx, cart) => {
      checkSetQuantity(cart.lines, id, quantity);
      const present = cart.lines.some((line) => line.productId === id);
      // Removing a line the cart does not have changes nothing (not even the cart's version).
      if (quantity > 0 || present) await setLine(tx, cart.id, id, quantity);
    });
  }

  async function setCartPostalCode(caller: Caller | null, cartId: string | null | undefined, postalCode: string): Promise<CartRecord> {
    const code = readPostalCode(postalCode);
    // Shipping owns what a valid postal code is: a code its rules refuse is refused here too.
    await shipping.quote(0, code, "postalCode");
    return change(caller, cartId, false, (tx, cart) => setPostalCode(tx, cart.id, code));
  }

  /**
   * Moves a guest cart's lines into the caller's cart (see mergeLines for the caps) and deletes the guest
   * cart, in one transaction holding both carts' locks. The caller's postal code wins; the guest's fills a gap.
   */
  async function mergeGuestCart(caller: Caller | null, guestCartId: string): Promise<CartRecord> {
    if (!caller) throw new UnauthenticatedError();
    const guestId = canonicalUuid(guestCartId);
    if (guestId === null) throw new NotFoundError("No such guest cart");
    return prisma.$transaction(async (tx) => {
      const own = await lockOrCreateUserCart(tx, caller.userId);
      const guest = live(await lockCart(tx, guestId));
      if (!guest || guest.userId !== null) throw new NotFoundError("No such guest cart");
      await writeLines(tx, own.id, mergeLines(own.lines, guest.lines));
      if (own.postalCode === null && guest.postalCode !== null) await setPostalCode(tx, own.id, guest.postalCode);
      await deleteCart(tx, guest.id);
      return (await findCartById(tx, own.id))!;
    });
  }

  return { cartFor, visibleCarts, live, addToCart, setCartLineQuantity, setCartPostalCode, mergeGuestCart };
}

export type CartService = ReturnType<typeof createCartService>;
