import type { OnceEffect } from "../../../../packages/messaging";
import { messageHeaders, shopMessage, type TypedMessage } from "../../../../packages/shop-messages";
import type { InventoryTx } from "../repositories/prisma-client";
import { releaseReservations } from "../repositories/reservation-repository";

/** ReleaseStock: what the order holds goes back on sale; with nothing held there is nothing to do. Always answered. */
export function releaseStock(command: TypedMessage<"ReleaseStock">): OnceEffect<InventoryTx> {
  const { orderId } = command.payload;
  const headers = messageHeaders({ message: command });
  return async (tx) => {
    await releaseReservations(tx, orderId);
    return [shopMessage("StockReleased", { orderId }, headers)];
  };
}
