import type { Order, OrderItem, OrderStatus } from "../../../../prisma/orders/generated/client";
import { orderPages } from "./order-pages";
import { orderSnapshotsByIds, type OrderEventSnapshot, type OrderSnapshot, type SagaSnapshot, type SagaStepSnapshot } from "./order-snapshots";
import type { OrdersPrisma } from "./prisma-client";

export type { Order, OrderEventSnapshot, OrderItem, OrderSnapshot, OrderStatus, SagaSnapshot, SagaStepSnapshot };

/**
 * Reads take lists of keys so loaders can batch them: N orders cost one query per table. An order is
 * read with its saga, steps and events in one statement (see order-snapshots.ts), so what a response
 * says about one order is one moment of it. Rows come back sorted in their display order.
 */
export function createOrderRepository(prisma: OrdersPrisma) {
  return {
    findByIds: (ids: readonly string[]) => orderSnapshotsByIds(prisma, ids),

    /** Items never change after the order is placed: reading them apart from the order cannot mix two moments. */
    findItemsByOrderIds: (orderIds: readonly string[]) =>
      prisma.orderItem.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: [{ orderId: "asc" }, { position: "asc" }] }),

    ...orderPages(prisma),
  };
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;
