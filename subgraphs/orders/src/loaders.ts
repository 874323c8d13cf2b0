import type DataLoader from "dataloader";
import { rowByKeyLoader, rowsByKeyLoader } from "../../../packages/batching";
import type { ProductCatalog } from "./clients/product-catalog";
import type { CartRecord } from "./repositories/cart-repository";
import type { OrderRepository, OrderSnapshot } from "./repositories/order-repository";
import { userOrdersLoader } from "./user-orders-loader";

/**
 * Orders a list read become the request's snapshot of them, unless the request already holds one (or is
 * loading it): an order that appears twice in one answer (a list and `order(id)`) shows one moment.
 */
async function oneSnapshotPerOrder(orderById: DataLoader<string, OrderSnapshot | null>, orders: readonly OrderSnapshot[]): Promise<OrderSnapshot[]> {
  for (const order of orders) orderById.prime(order.id, order);
  return Promise.all(orders.map(async (order) => (await orderById.load(order.id)) ?? order));
}

/**
 * Per-request loaders: whatever a request asks of N orders costs one SQL query per table, never N. An
 * order comes with its saga, steps and events (one statement), so they need no loaders of their own.
 */
export function createLoaders(orders: OrderRepository, catalog: ProductCatalog, visibleCarts: (ids: readonly string[]) => Promise<CartRecord[]>) {
  const orderById = rowByKeyLoader(orders.findByIds, (order) => order.id);
  const asSeenInRequest = (rows: readonly OrderSnapshot[]) => oneSnapshotPerOrder(orderById, rows);
  return {
    orderById,
    asSeenInRequest,
    itemsByOrderId: rowsByKeyLoader(orders.findItemsByOrderIds, (item) => item.orderId),
    ordersOfUser: userOrdersLoader(orders, asSeenInRequest),
    // Cart references (a plan's step for Cart.total): the caller's view of them, one statement per batch.
    cartById: rowByKeyLoader(visibleCarts, (cart) => cart.id),
    // Cart lines at current prices: one catalogue call per request, whatever the number of lines (never cached longer).
    currentProduct: rowByKeyLoader(async (ids) => [...(await catalog.snapshots(ids)).values()], (product) => product.id),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
