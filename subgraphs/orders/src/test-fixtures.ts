import { randomUUID } from "node:crypto";
import type { AddressInput } from "./domain/address";
import type { OrderLine } from "./domain/order-lines";
import { writePendingOrder, type NewOrder } from "./repositories/pending-order";
import type { OrdersPrisma } from "./repositories/prisma-client";

/**
 * Test data for the orders subgraph. Its read side is tested without the saga's workers, so tests write
 * placed orders with the same writePendingOrder the checkout service uses (no payment token, no outbox).
 */
export const HOME: AddressInput = { line1: "1 Main St", line2: "Apt 4", city: "Springfield", postalCode: "12345", country: "US" };

export function line(unitPriceCents: number, quantity: number, productName = "Widget"): OrderLine {
  return { productId: randomUUID(), productName, unitPriceCents, currency: "USD", quantity };
}

export const IN_ONE_HOUR = () => ({ deadlineAt: new Date(Date.now() + 3_600_000) });

export function placeOrder(prisma: OrdersPrisma, userId: string, change: Partial<NewOrder> = {}) {
  const order: NewOrder = { userId, items: [line(1999, 2, "Mug"), line(500, 1, "Coaster")], shippingAddress: HOME, ...change };
  return prisma.$transaction((tx) => writePendingOrder(tx, order, IN_ONE_HOUR()));
}
