import type { Order, Prisma } from "../../../../prisma/orders/generated/client";
import { normalizeShippingAddress, type AddressInput } from "../domain/address";
import { OrderEventType } from "../domain/order-events";
import { orderTotal, type OrderLine } from "../domain/order-lines";
import { SAGA_STEP_NAMES, sagaStepPosition } from "../domain/saga-steps";
import { toAddressColumns } from "./address-columns";

export interface NewOrder {
  userId: string;
  items: readonly OrderLine[];
  shippingAddress: AddressInput;
  /** Unique per user (a unique index): checkout answers a repeated key with the first order. */
  idempotencyKey?: string | null;
}

export interface SagaSchedule {
  /** When the deadline sweeper takes over an unfinished saga. */
  deadlineAt: Date;
}

/**
 * Writes a placed order inside the caller's transaction: the order (PENDING, its total from the
 * domain), its lines, its ORDER_PLACED event, and a RUNNING saga whose steps are all PENDING.
 * Taking a transaction client lets the checkout service, the only writer of placed orders, store the
 * payment token and the saga's first outbox message in the same transaction.
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
