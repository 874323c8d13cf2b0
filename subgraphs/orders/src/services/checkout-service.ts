import { BadUserInputError, NotFoundError, UnauthenticatedError } from "../../../../packages/errors";
import type { Caller } from "../../../../packages/identity";
import { canonicalUuid } from "../../../../packages/ids";
import { enqueue } from "../../../../packages/messaging";
import type { MessageHeaders } from "../../../../packages/shop-messages";
import { normalizeShippingAddress, type AddressInput } from "../domain/address";
import { checkCart, isSameCart, normalizeIdempotencyKey, type CartLine } from "../domain/cart";
import { cancellationRefusal, startSaga, type OrderStatus } from "../domain/checkout-saga";
import type { OrderLine } from "../domain/order-lines";
import { isOwnerOrAdmin } from "../domain/visibility";
import type { ProductCatalog } from "../clients/product-catalog";
import type { ShippingQuotes } from "../clients/shipping-quotes";
import { shippingInLineCurrency, totalWeightGrams } from "../domain/cart-pricing";
import type { Order } from "../repositories/order-repository";
import { orderSnapshot, type OrderSnapshot } from "../repositories/order-snapshots";
import { isUniqueViolation, writePendingOrder } from "../repositories/pending-order";
import type { OrdersPrisma } from "../repositories/prisma-client";
import { placedSagaRecord } from "../repositories/saga-store";
import { applySagaInput, startedSagaMessages, type SagaTiming } from "./saga-transitions";

export interface PlaceOrderRequest {
  items: CartLine[];
  shippingAddress: AddressInput;
  paymentToken: string;
  idempotencyKey?: string | null;
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
 * snapshot, read while it still holds the saga's lock); the saga goes on in the workers.
 */
export function createCheckoutService({ prisma, catalog, shipping, timing }: CheckoutDeps) {
  async function earlierOrder(userId: string, key: string | null, cart: readonly CartLine[]): Promise<Order | null> {
    if (key === null) return null;
    const order = await prisma.order.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey: key } },
      include: { items: { orderBy: { position: "asc" } } },
    });
    if (order && !isSameCart(order.items, cart)) {
      throw new BadUserInputError("This idempotency key was already used for a different order", "idempotencyKey");
    }
    return order;
  }

  /** The lines at the catalogue's current names and prices, and what shipping them to `postalCode` costs. */
  async function pricedLines(cart: readonly CartLine[], postalCode: string): Promise<{ items: OrderLine[]; shippingCents: number }> {
    const products = await catalog.snapshots(cart.map((line) => line.productId));
    const found = cart.map((line, index) => {
      const product = products.get(line.productId.toLowerCase());
      if (!product) throw new BadUserInputError(`Unknown product ${line.productId}`, `items[${index}].productId`);
      return { product, quantity: line.quantity };
    });
    const items = found.map(({ product, quantity }) => ({
      productId: product.id,
      productName: product.name,
      unitPriceCents: product.priceCents,
      currency: product.currency,
      quantity,
    }));
    const quote = await shipping.quote(totalWeightGrams(found), postalCode, "shippingAddress.postalCode");
    return { items, shippingCents: shippingInLineCurrency(quote, items) };
  }

  async function placeOrder(caller: Caller | null, request: PlaceOrderRequest, headers: MessageHeaders): Promise<OrderSnapshot> {
    if (!caller) throw new UnauthenticatedError();
    // Every argument is checked before the first query: text that breaks a rule never reaches a database.
    const paymentToken = checkCart(request.items, request.paymentToken);
    const shippingAddress = normalizeShippingAddress(request.shippingAddress);
    const key = normalizeIdempotencyKey(request.idempotencyKey);
    const earlier = await earlierOrder(caller.userId, key, request.items);
    // A repeated request answers with the order as it is now.
    if (earlier) return orderSnapshot(prisma, earlier.id);
    const { items, shippingCents } = await pricedLines(request.items, shippingAddress.postalCode);
    try {
      return await prisma.$transaction(async (tx) => {
        const start = startSaga();
        const events = start.events.map((event) => ({ type: event.type, detail: event.detail ?? null }));
        const schedule = { deadlineAt: new Date(Date.now() + timing.deadlineMs), paymentToken, steps: start.state.steps, events };
        const order = await writePendingOrder(tx, { userId: caller.userId, items, shippingAddress, idempotencyKey: key, shippingCents }, schedule);
        await enqueue(tx, startedSagaMessages(placedSagaRecord(order, items, shippingAddress, schedule), start, headers));
        return orderSnapshot(tx, order.id);
      });
    } catch (error) {
      // Two requests with one key raced past the lookup: the unique index let one in; answer with it.
      const winner = isUniqueViolation(error) ? await earlierOrder(caller.userId, key, request.items) : null;
      if (winner) return orderSnapshot(prisma, winner.id);
      throw error;
    }
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

  return { placeOrder, cancelOrder };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
