import { Prisma, type Order } from "../../../../prisma/orders/generated/client";
import { normalizeShippingAddress, type AddressInput } from "../domain/address";
import { OrderEventType } from "../domain/order-events";
import { orderTotal, type OrderLine } from "../domain/order-lines";
import { SAGA_STEP_NAMES, sagaStepPosition } from "../domain/saga-steps";
import { toAddressColumns } from "./address-columns";
import type { OrdersPrisma } from "./prisma-client";

export interface NewOrder {
  userId: string;
  items: readonly OrderLine[];
  shippingAddress: AddressInput;
  /** The same key from the same user gives back the first order instead of a second one. */
  idempotencyKey?: string | null;
}

export interface SagaSchedule {
  /** When the deadline sweeper takes over an unfinished saga. */
  deadlineAt: Date;
}

export interface PendingOrderResult {
  order: Order;
  /** false when the idempotency key named an order placed before: nothing was written. */
  created: boolean;
}

/**
 * Writes a placed order inside the caller's transaction: the order (PENDING, its total from the
 * domain), its lines, its ORDER_PLACED event, and a RUNNING saga whose steps are all PENDING.
 * Taking a transaction client lets the checkout write its outbox message in the same transaction.
 */
export function writePendingOrder(tx: Prisma.TransactionClient, order: NewOrder, saga: SagaSchedule): Promise<Order> {
  const total = orderTotal(order.items);
  return tx.order.create({
    data: {
      userId: order.userId,
      status: "PENDING",
      ...toAddressColumns(normalizeShippingAddress(order.shippingAddress)),
      totalCents: total.cents,
      currency: total.currency,
      idempotencyKey: order.idempotencyKey ?? null,
      items: {
        create: order.items.map((item, position) => ({
          position,
          productId: item.productId,
          productName: item.productName,
          unitPriceCents: item.unitPriceCents,
          currency: item.currency,
          quantity: item.quantity,
        })),
      },
      events: { create: [{ type: OrderEventType.OrderPlaced }] },
      saga: {
        create: {
          status: "RUNNING",
          deadlineAt: saga.deadlineAt,
          steps: { create: SAGA_STEP_NAMES.map((name) => ({ name, position: sagaStepPosition(name), status: "PENDING" as const })) },
        },
      },
    },
  });
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export function pendingOrderWriter(prisma: OrdersPrisma) {
  const findByIdempotencyKey = (userId: string, idempotencyKey: string) =>
    prisma.order.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });

  /** Places an order in one transaction, or returns the one its idempotency key already names. */
  return async function createPendingOrder(order: NewOrder, saga: SagaSchedule): Promise<PendingOrderResult> {
    const key = order.idempotencyKey ?? null;
    const earlier = key === null ? null : await findByIdempotencyKey(order.userId, key);
    if (earlier) return { order: earlier, created: false };
    try {
      return { order: await prisma.$transaction((tx) => writePendingOrder(tx, order, saga)), created: true };
    } catch (error) {
      // Two requests with one key raced past the lookup: the unique index let exactly one of them in.
      const winner = key !== null && isUniqueViolation(error) ? await findByIdempotencyKey(order.userId, key) : null;
      if (winner) return { order: winner, created: false };
      throw error;
    }
  };
}
