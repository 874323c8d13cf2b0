import type { CheckoutSaga, Order, OrderEvent, OrderItem, OrderStatus, SagaStep } from "../../../../prisma/orders/generated/client";
import { orderPages } from "./order-pages";
import type { OrdersPrisma } from "./prisma-client";

export type { CheckoutSaga, Order, OrderEvent, OrderItem, OrderStatus, SagaStep };

/**
 * Reads take lists of keys so loaders can batch them: the rows of N orders cost one query per table.
 * Rows come back sorted so each order's rows are already in their display order.
 */
export function createOrderRepository(prisma: OrdersPrisma) {
  return {
    findByIds: (ids: readonly string[]) => prisma.order.findMany({ where: { id: { in: [...ids] } } }),

    findItemsByOrderIds: (orderIds: readonly string[]) =>
      prisma.orderItem.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: [{ orderId: "asc" }, { position: "asc" }] }),

    /** Oldest first: the id is a sequence, so it is insertion order even when two events share a timestamp. */
    findEventsByOrderIds: (orderIds: readonly string[]) =>
      prisma.orderEvent.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: [{ orderId: "asc" }, { id: "asc" }] }),

    findSagasByOrderIds: (orderIds: readonly string[]) => prisma.checkoutSaga.findMany({ where: { orderId: { in: [...orderIds] } } }),

    findStepsByOrderIds: (orderIds: readonly string[]) =>
      prisma.sagaStep.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: [{ orderId: "asc" }, { position: "asc" }] }),

    ...orderPages(prisma),
  };
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;
