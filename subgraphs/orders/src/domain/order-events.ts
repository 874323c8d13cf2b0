/** The types of an order's history entries; the history is append-only and starts with ORDER_PLACED. */
export const OrderEventType = {
  OrderPlaced: "ORDER_PLACED",
  InventoryReserved: "INVENTORY_RESERVED",
  PaymentCaptured: "PAYMENT_CAPTURED",
  OrderConfirmed: "ORDER_CONFIRMED",
  OrderFailed: "ORDER_FAILED",
  OrderCancelled: "ORDER_CANCELLED",
  OrderShipped: "ORDER_SHIPPED",
} as const;

export type OrderEventType = (typeof OrderEventType)[keyof typeof OrderEventType];
