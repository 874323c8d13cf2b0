import { newMessage, Streams, type OnceEffect, type TypedMessage } from "../../../../packages/messaging";
import type { InventoryTx } from "../repositories/prisma-client";
import { releaseReservations } from "../repositories/reservation-repository";

/** ReleaseStock: what the order holds goes back on sale; with nothing held there is nothing to do. Always answered. */
export function releaseStock(command: TypedMessage<"ReleaseStock">): OnceEffect<InventoryTx> {
  const { orderId } = command.payload;
  return async (tx) => {
    await releaseReservations(tx, orderId);
    return [newMessage(Streams.sagaReplies, "StockReleased", { orderId }, command.headers)];
  };
}
