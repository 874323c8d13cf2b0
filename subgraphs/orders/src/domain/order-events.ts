/** The types of an order's history entries; the history is append-only and starts with ORDER_PLACED. */
export const OrderEventType = {
  OrderPlaced: "ORDER_PLACED",
  InventoryReserved: "INVENTORY_RESERVED",
  PaymentCaptured: "PAYMENT_CAPTURED",
  OrderConfirmed: "ORDER_CONFIRMED",
  OrderFailed: "ORDER_FAILED",
  OrderCancelled: "ORDER_CANCELLED",
  OrderShipped: "ORDER_SHIPPED",
  ShipmentCreated: "SHIPMENT_CREATED",
  ShipmentInTransit: "SHIPMENT_IN_TRANSIT",
  OrderDelivered: "ORDER_DELIVERED",
  InventoryReleased: "INVENTORY_RELEASED",
  PaymentDeclined: "PAYMENT_DECLINED",
  PaymentRefunded: "PAYMENT_REFUNDED",
  ShipmentCancelled: "SHIPMENT_CANCELLED",
  SagaFlagged: "SAGA_FLAGGED",
} as const;

export type OrderEventType = (typeof OrderEventType)[keyof typeof OrderEventType];
