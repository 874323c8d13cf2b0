/**
 * The Redis streams of the checkout saga. Commands go to the participant that owns the effect; replies
 * come back to the orchestrator (orders); domain events are for whoever listens (notifications).
 */
export const Streams = {
  inventoryCommands: "shop:inventory:commands",
  paymentCommands: "shop:payments:commands",
  shippingCommands: "shop:shipping:commands",
  sagaReplies: "shop:orders:saga-replies",
  orderEvents: "shop:orders:events",
  shipmentEvents: "shop:shipping:events",
  userEvents: "shop:users:events",
  inventoryEvents: "shop:inventory:events",
  /**
   * "Something a subscriber may be watching changed" (OrderChanged, NotificationCreated): a fan-out
   * stream every gateway replica reads without a consumer group, capped by length (see FAN_OUT_STREAMS).
   */
  liveUpdates: "shop:live:updates",
} as const;

export type StreamName = (typeof Streams)[keyof typeof Streams];

