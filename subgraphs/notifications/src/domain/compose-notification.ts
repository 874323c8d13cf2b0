import { money } from "../../../../packages/money";

export const NOTIFICATION_KINDS = [
  "WELCOME",
  "ORDER_CONFIRMED",
  "ORDER_FAILED",
  "ORDER_CANCELLED",
  "ORDER_SHIPPED",
  "ORDER_DELIVERED",
  "LOW_STOCK",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Amount {
  cents: number;
  currency: string;
}

export type OrderFailureCode = "OUT_OF_STOCK" | "PAYMENT_DECLINED" | "TIMED_OUT";

/** What each kind of notification needs to know, as the domain event that causes it tells. */
export interface NotificationFacts {
  WELCOME: { userName: string };
  ORDER_CONFIRMED: { orderId: string; total: Amount };
  /** failureCode is null when the event did not say why. */
  ORDER_FAILED: { orderId: string; failureCode: OrderFailureCode | null };
  /**
   * refunded is null when nothing had been charged yet, and `{ ifCharged }` when the event does not
   * say whether the order had been charged (a PENDING order is cancelled before or after its charge).
   */
  ORDER_CANCELLED: { orderId: string; refunded: Amount | null | { ifCharged: Amount } };
  ORDER_SHIPPED: { orderId: string; carrier: string | null; trackingNumber: string | null };
  ORDER_DELIVERED: { orderId: string };
  /** For the admins: a reservation took the product's available stock under the threshold. */
  LOW_STOCK: { productId: string; available: number; threshold: number };
}

export interface ComposedNotification {
  title: string;
  body: string;
}

/** How an order is named to its customer: short enough to read aloud, from the order's UUID. */
export function shortOrderReference(orderId: string): string {
  return `#${orderId.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
}

const formatted = (amount: Amount) => money(amount.cents, amount.currency).formatted;

const failureExplanations: Record<OrderFailureCode, string> = {
  OUT_OF_STOCK: "some items are out of stock",
  PAYMENT_DECLINED: "the payment was declined",
  TIMED_OUT: "it could not be completed in time",
};

function refundSentence(refunded: NotificationFacts["ORDER_CANCELLED"]["refunded"]): string {
  if (refunded === null) return "You have not been charged.";
  if ("ifCharged" in refunded) return `If you were charged, the ${formatted(refunded.ifCharged)} will be refunded.`;
  return `A refund of ${formatted(refunded)} is on its way.`;
}

function shippingDetails(carrier: string | null, trackingNumber: string | null): string {
  if (carrier && trackingNumber) return ` with ${carrier}, tracking number ${trackingNumber}`;
  if (carrier) return ` with ${carrier}`;
  if (trackingNumber) return `, tracking number ${trackingNumber}`;
  return "";
}

const composers: { [K in NotificationKind]: (facts: NotificationFacts[K]) => ComposedNotification } = {
  WELCOME: ({ userName }) => {
    const name = userName.trim();
    return {
      title: name ? `Welcome, ${name}!` : "Welcome!",
      body: "Your account is ready. We will keep you posted here about your orders.",
    };
  },
  ORDER_CONFIRMED: ({ orderId, total }) => ({
    title: "Your order is confirmed",
    body: `Order ${shortOrderReference(orderId)} for ${formatted(total)} is confirmed. We will tell you when it ships.`,
  }),
  ORDER_FAILED: ({ orderId, failureCode }) => ({
    title: "Your order could not be placed",
    body: `Order ${shortOrderReference(orderId)} was not placed${
      failureCode ? ` because ${failureExplanations[failureCode]}` : ""
    }. You have not been charged.`,
  }),
  ORDER_CANCELLED: ({ orderId, refunded }) => ({
    title: "Your order was cancelled",
    body: `Order ${shortOrderReference(orderId)} was cancelled. ${refundSentence(refunded)}`,
  }),
  ORDER_SHIPPED: ({ orderId, carrier, trackingNumber }) => ({
    title: "Your order has shipped",
    body: `Order ${shortOrderReference(orderId)} is on its way${shippingDetails(carrier?.trim() || null, trackingNumber?.trim() || null)}.`,
  }),
  ORDER_DELIVERED: ({ orderId }) => ({
    title: "Your order was delivered",
    body: `Order ${shortOrderReference(orderId)} was delivered. Enjoy!`,
  }),
  LOW_STOCK: ({ productId, available, threshold }) => ({
    title: "Stock is running low",
    body: `Product ${productId} has ${available} ${available === 1 ? "unit" : "units"} available, under the low-stock threshold of ${threshold}. Restock it soon.`,
  }),
};

/** The title and body a user reads for a kind of notification, from the facts of the event behind it. */
export function composeNotification<K extends NotificationKind>(kind: K, facts: NotificationFacts[K]): ComposedNotification {
  return composers[kind](facts);
}
