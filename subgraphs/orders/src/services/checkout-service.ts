import { BadUserInputError, NotFoundError, UnauthenticatedError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";
import { canonicalUuid } from "../../../../packages/ids";
import { enqueue } from "../../../../packages/messaging";
import type { MessageHeaders } from "../../../../packages/shop-messages";
import { normalizeShippingAddress, type AddressInput, type ShippingAddress } from "../domain/address";
import { checkCart, isSameCart, normalizeIdempotencyKey, type CartLine } from "../domain/cart";
import { shippingInLineCurrency, totalWeightGrams } from "../domain/cart-pricing";
import { cancellationRefusal, startSaga, type OrderStatus } from "../domain/checkout-saga";
import type { OrderLine } from "../domain/order-lines";
import { isOwnerOrAdmin } from "../domain/visibility";
import type { ProductCatalog } from "../clients/product-catalog";
import type { ShippingQuotes } from "../clients/shipping-quotes";
import type { Order } from "../repositories/order-repository";
import { orderSnapshot, type OrderSnapshot } from "../repositories/order-snapshots";
import { isUniqueViolation, writePendingOrder } from "../repositories/pending-order";
import type { OrdersPrisma } from "../repositories/prisma-client";
import { placedSagaRecord, type OrdersTx } from "../repositories/saga-store";
import { applySagaInput, startedSagaMessages, type SagaTiming } from "./saga-transitions";

export interface PlaceOrderRequest {
  items: CartLine[];
  shippingAddress: AddressInput;
  paymentToken: string;
  idempotencyKey?: string | null;
}

/** An order ready to be written: lines at current prices, shipping priced by shipping, inputs checked. */
export interface PricedPlacement {
  userId: string;
  items: OrderLine[];
  shippingCents: number;
  shippingAddress: ShippingAddress;
  paymentToken: string;
  idempotencyKey: string | null;
}

export interface CheckoutDeps {
  prisma: OrdersPrisma;
  catalog: ProductCatalog;
  shipping: ShippingQuotes;
  timing: SagaTiming;
}

/**
 * placeOrder and cancelOrder: each writes its state change and the saga messages it causes in one
 * transaction (the outbox), and answers at once with the order as that transaction leaves it (one
 * snapshot, read while it still holds the saga's lock); the saga goes on in the workers. checkout from a
 * cart (cart-checkout.ts) prices and writes its order with the same pricedLines and placePriced.
 */
export function createCheckoutService({ prisma, catalog, shipping, timing }: CheckoutDeps) {
  /** The order the caller already placed with this key, if any. */
  function orderWithKey(userId: string, key: string | null) {
    if (key === null) return Promise.resolve(null);
    return prisma.order.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey: key } }, include: { items: { orderBy: { position: "asc" } } } });
  }

  async function earlierOrder(userId: string, key: string | null, cart: readonly CartLine[]): Promise<Order | null> {
    const order = await orderWithKey(userId, key);
    if (order && !isSameCart(order.items, cart)) {
      throw new BadUserInputError("This idempotency key was already used for a different order", "idempotencyKey");
    }
    return order;
  }

  /**
   * The lines at the catalogue's current names and prices, and what shipping them to `postalCode` costs. A line
   * whose product the catalogue does not have is refused with `unknownProduct` (placeOrder's: naming the item).
   */
  async function pricedLines(
    cart: readonly CartLine[],
    postalCode: string,
    unknownProduct = (line: CartLine, index: number) => new BadUserInputError(`Unknown product ${line.productId}`, `items[${index}].productId`),
  ): Promise<{ items: OrderLine[]; shippingCents: number }> {
    const products = await catalog.snapshots(cart.map((line) => line.productId));
    const found = cart.map((line, index) => {
      const product = products.get(line.productId.toLowerCase());
      if (!product) throw unknownProduct(line, index);
      return { product, quantity: line.quantity };
    });
    const items = found.map(({ product, quantity }) => ({
      productId: product.id,
      productName: product.name,
      unitPriceCents: product.priceCents,
      currency: product.currency,
      quantity,
    }));
    const weightGrams = totalWeightGrams(found.map(({ product, quantity }) => ({ weightGrams: product.weightGrams, quantity })));
    const quote = await shipping.quote(weightGrams, postalCode, "shippingAddress.postalCode");
    return { items, shippingCents: shippingInLineCurrency(quote, items) };
  }

  /**
   * Writes the PENDING order, its saga and the saga's first message in one transaction, after `claim`
   * (checkout from a cart empties the cart there, so the cart is emptied exactly when the order is written).
   * A repeated idempotency key that raced past the first look answers with the order that won (`winner`).
   */
  async function placePriced(
    placement: PricedPlacement,
    headers: MessageHeaders,
    winner: () => Promise<Order | null>,
    claim: (tx: OrdersTx) => Promise<void> = async () => {},
  ): Promise<OrderSnapshot> {
    const { userId, items, shippingAddress, shippingCents, paymentToken, idempotencyKey } = placement;
    try {
      return await prisma.$transaction(async (tx) => {
        await claim(tx);
        const start = startSaga();
        const events = start.events.map((event) => ({ type: event.type, detail: event.detail ?? null }));
        const schedule = { deadlineAt: new Date(Date.now() + timing.deadlineMs), paymentToken, steps: start.state.steps, events };
        const order = await writePendingOrder(tx, { userId, items, shippingAddress, idempotencyKey, shippingCents }, schedule);
        await enqueue(tx, startedSagaMessages(placedSagaRecord(order, items, shippingAddress, schedule), start, headers));
        return orderSnapshot(tx, order.id);
      });
    } catch (error) {
      // Two requests with one key raced past the lookup: the unique index let one in; answer with it.
      const won = isUniqueViolation(error) ? await winner() : null;
      if (won) return orderSnapshot(prisma, won.id);
      throw error;
    }
  }

  async function placeOrder(caller: Caller | null, request: PlaceOrderRequest, headers: MessageHeaders): Promise<OrderSnapshot> {
    if (!caller) throw new UnauthenticatedError();
    // Every argument is checked before the first query: text that breaks a rule never reaches a database.
    const paymentToken = checkCart(request.items, request.paymentToken);
    const shippingAddress = normalizeShippingAddress(request.shippingAddress);
    const key = normalizeIdempotencyKey(request.idempotencyKey);
    const sameRequest = () => earlierOrder(caller.userId, key, request.items);
    const earlier = await sameRequest();
    // A repeated request answers with the order as it is now.
    if (earlier) return orderSnapshot(prisma, earlier.id);
    const { items, shippingCents } = await pricedLines(request.items, shippingAddress.postalCode);
    return placePriced({ userId: caller.userId, items, shippingCents, shippingAddress, paymentToken, idempotencyKey: key }, headers, sameRequest);
  }

  async function cancelOrder(caller: Caller | null, orderId: string, headers: MessageHeaders): Promise<OrderSnapshot> {
    if (!caller) throw new UnauthenticatedError();
    const id = canonicalUuid(orderId);
    const order = id ? await prisma.order.findUnique({ where: { id } }) : null;
    if (!order || !isOwnerOrAdmin(caller, order.userId)) throw new NotFoundError("No such order");
    const refusal = cancellationRefusal(order.status as OrderStatus);
    if (refusal) throw new BadUserInputError(refusal, "id");
    return prisma.$transaction(async (tx) => {
      const result = await applySagaInput(tx, order.id, { type: "CancelRequested" }, headers, timing);
      // The order may have moved on between the check above and the lock: decide() refused then.
      const stillRefused = result ? cancellationRefusal(result.decision.state.orderStatus) : null;
      if (stillRefused) throw new BadUserInputError(stillRefused, "id");
      await enqueue(tx, result?.messages ?? []);
      return orderSnapshot(tx, order.id);
    });
  }

  return { placeOrder, cancelOrder, pricedLines, placePriced, orderWithKey };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
