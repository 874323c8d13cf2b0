import type { PayloadOf } from "../../../../packages/shop-messages";
import { composeNotification, type NotificationKind, type OrderFailureCode } from "./compose-notification";
import type { NewNotification } from "./new-notification";

const FAILURE_CODES: readonly string[] = ["OUT_OF_STOCK", "PAYMENT_DECLINED", "TIMED_OUT"] satisfies OrderFailureCode[];

/** A FAILED event's reason is the order's failure code; free text is not shown (it is written for operators). */
function failureCodeOf(reason: string | null | undefined): OrderFailureCode | null {
  return reason && FAILURE_CODES.includes(reason) ? (reason as OrderFailureCode) : null;
}

type OrderStatusChanged = PayloadOf<"OrderStatusChanged">;

function composeForOrder(event: OrderStatusChanged) {
  const { orderId } = event;
  const total = { cents: event.totalCents, currency: event.currency };
  switch (event.status) {
    case "CONFIRMED":
      return composeNotification("ORDER_CONFIRMED", { orderId, total });
    case "FAILED":
      return composeNotification("ORDER_FAILED", { orderId, failureCode: failureCodeOf(event.reason) });
    case "CANCELLED":
      // The event does not say whether the cancelled order had been charged.
      return composeNotification("ORDER_CANCELLED", { orderId, refunded: { ifCharged: total } });
    case "SHIPPED":
      return composeNotification("ORDER_SHIPPED", { orderId, carrier: event.carrier ?? null, trackingNumber: event.trackingNumber ?? null });
    case "DELIVERED":
      return composeNotification("ORDER_DELIVERED", { orderId });
  }
}

/** What the order's user is told when its status changes: kind ORDER_<status>. */
export function orderStatusNotification(event: OrderStatusChanged): Omit<NewNotification, "sourceEventId"> {
  const kind: NotificationKind = `ORDER_${event.status}`;
  return { userId: event.userId, kind, orderId: event.orderId, ...composeForOrder(event) };
}

/**
 * LowStock -> LOW_STOCK, addressed to the ADMIN audience: one row every admin reads (with a readAt of
 * their own), so notifications never needs to know who the admins are.
 */
export function lowStockNotification(event: PayloadOf<"LowStock">): Omit<NewNotification, "sourceEventId"> {
  const { productId, available, threshold } = event;
  return { audience: "ADMIN", kind: "LOW_STOCK", productId, ...composeNotification("LOW_STOCK", { productId, available, threshold }) };
}

/** A new user's welcome. */
export function welcomeNotification(event: PayloadOf<"UserSignedUp">): Omit<NewNotification, "sourceEventId"> {
  return { userId: event.userId, kind: "WELCOME", ...composeNotification("WELCOME", { userName: event.name }) };
}
