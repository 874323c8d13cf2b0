import { rowByKeyLoader, rowsByKeyLoader } from "../../../packages/batching";
import type { OrderRepository } from "./repositories/order-repository";
import { userOrdersLoader } from "./user-orders-loader";

/** Per-request loaders: whatever a request asks of N orders costs one SQL query per table, never N. */
export function createLoaders(orders: OrderRepository) {
  return {
    orderById: rowByKeyLoader(orders.findByIds, (order) => order.id),
    itemsByOrderId: rowsByKeyLoader(orders.findItemsByOrderIds, (item) => item.orderId),
    eventsByOrderId: rowsByKeyLoader(orders.findEventsByOrderIds, (event) => event.orderId),
    sagaByOrderId: rowByKeyLoader(orders.findSagasByOrderIds, (saga) => saga.orderId),
    stepsByOrderId: rowsByKeyLoader(orders.findStepsByOrderIds, (step) => step.orderId),
    ordersOfUser: userOrdersLoader(orders),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
