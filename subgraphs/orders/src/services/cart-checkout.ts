import { BadUserInputError, NotFoundError, UnauthenticatedError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";
import { canonicalUuid } from "../../../../packages/ids";
import type { MessageHeaders } from "../../../../packages/shop-messages";
import { normalizeShippingAddress, type AddressInput } from "../domain/address";
import { normalizeIdempotencyKey, readPaymentToken } from "../domain/cart";
import { claimCartAtVersion, findCartById, findCartOfUser, type CartRecord } from "../repositories/cart-repository";
import { orderSnapshot, type OrderSnapshot } from "../repositories/order-snapshots";
import type { OrdersPrisma } from "../repositories/prisma-client";
import type { CartService } from "./cart-service";
import type { CheckoutService } from "./checkout-service";

export interface CheckoutRequest {
  cartId?: string | null;
  shippingAddress: AddressInput;
  paymentToken: string;
  idempotencyKey?: string | null;
}

/** The cart changed between pricing and writing the order: another checkout emptied it, or a line changed. */
class CartChangedError extends BadUserInputError {
  constructor() {
    super("The cart changed while it was being checked out: look at it again and check out again", "cartId");
  }
}

/** A cart line whose product left the catalogue: the input is the cart, not an item list. */
const noLongerSold = () => new BadUserInputError("A product in your cart is no longer sold: look at the cart again and check out again", "cartId");

export interface CartCheckoutDeps {
  prisma: OrdersPrisma;
  carts: CartService;
  checkout: CheckoutService;
}

/**
 * checkout: places an order for a cart's lines through the same path as placeOrder (current prices,
 * shipping from the shipping subgraph, the saga's first message in the order's transaction). In that same
 * transaction the cart is claimed at the version that was priced and emptied: a cart that changed meanwhile,
 * or that a concurrent checkout already emptied, places nothing. A repeated idempotency key answers with
 * the order it placed (the cart, emptied by then, is not looked at again).
 */
export function createCartCheckout({ prisma, carts, checkout }: CartCheckoutDeps) {
  async function cartToCheckOut(caller: Caller, cartId: string | null | undefined): Promise<CartRecord> {
    if (cartId == null) {
      const own = await findCartOfUser(prisma, caller.userId);
      if (!own || own.lines.length === 0) throw new BadUserInputError("Your cart is empty", "cartId");
      return own;
    }
    const id = canonicalUuid(cartId);
    const cart = id ? carts.live(await findCartById(prisma, id)) : null;
    // A guest cart (the id is the capability) or the caller's own; another user's cart does not exist here.
    if (!cart || (cart.userId !== null && cart.userId !== caller.userId)) throw new NotFoundError("No such cart");
    if (cart.lines.length === 0) throw new BadUserInputError("The cart is empty", "cartId");
    return cart;
  }

  async function checkoutCart(caller: Caller | null, request: CheckoutRequest, headers: MessageHeaders): Promise<OrderSnapshot> {
    if (!caller) throw new UnauthenticatedError();
    const paymentToken = readPaymentToken(request.paymentToken);
    const shippingAddress = normalizeShippingAddress(request.shippingAddress);
    const key = normalizeIdempotencyKey(request.idempotencyKey);
    const sameKey = () => checkout.orderWithKey(caller.userId, key);
    const earlier = await sameKey();
    if (earlier) return orderSnapshot(prisma, earlier.id);
    const cart = await cartToCheckOut(caller, request.cartId);
    // Priced before the transaction (two remote calls); the claim below makes sure they priced this cart.
    const { items, shippingCents } = await checkout.pricedLines(cart.lines, shippingAddress.postalCode, noLongerSold);
    const claim = async (tx: Parameters<typeof claimCartAtVersion>[0]) => {
      if (!(await claimCartAtVersion(tx, cart.id, cart.version))) throw new CartChangedError();
    };
    try {
      return await checkout.placePriced({ userId: caller.userId, items, shippingCents, shippingAddress, paymentToken, idempotencyKey: key }, headers, sameKey, claim);
    } catch (error) {
      // The same key, sent twice at once: the first emptied the cart, the second answers with its order.
      const won = error instanceof CartChangedError ? await sameKey() : null;
      if (won) return orderSnapshot(prisma, won.id);
      throw error;
    }
  }

  return { checkoutCart };
}

export type CartCheckout = ReturnType<typeof createCartCheckout>;
