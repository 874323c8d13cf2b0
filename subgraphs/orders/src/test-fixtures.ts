import { randomUUID } from "node:crypto";
import type { AddressInput } from "./domain/address";
import type { OrderLine } from "./domain/order-lines";
import type { NewOrder } from "./repositories/pending-order";
import type { OrderRepository } from "./repositories/order-repository";

/** Test data for the orders subgraph: orders come from the checkout saga, so tests place them directly. */
export const HOME: AddressInput = { line1: "1 Main St", line2: "Apt 4", city: "Springfield", postalCode: "12345", country: "US" };

export function line(unitPriceCents: number, quantity: number, productName = "Widget"): OrderLine {
  return { productId: randomUUID(), productName, unitPriceCents, currency: "USD", quantity };
}

export const IN_ONE_HOUR = () => ({ deadlineAt: new Date(Date.now() + 3_600_000) });

export async function placeOrder(orders: OrderRepository, userId: string, change: Partial<NewOrder> = {}) {
  const { order } = await orders.createPendingOrder(
    { userId, items: [line(1999, 2, "Mug"), line(500, 1, "Coaster")], shippingAddress: HOME, ...change },
    IN_ONE_HOUR(),
  );
  return order;
}
