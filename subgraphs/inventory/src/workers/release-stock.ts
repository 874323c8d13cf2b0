import { handleOnce, newMessage, Streams, type TypedMessage } from "../../../../packages/messaging";
import type { InventoryPrisma } from "../repositories/prisma-client";
import { releaseReservations } from "../repositories/reservation-repository";
import { INVENTORY_CONSUMER } from "./consumer-name";

/** ReleaseStock: what the order holds goes back on sale; with nothing held there is nothing to do. Always answered. */
export async function releaseStock(prisma: InventoryPrisma, command: TypedMessage<"ReleaseStock">): Promise<boolean> {
  const { orderId } = command.payload;
  return handleOnce(prisma, INVENTORY_CONSUMER, command, async (tx) => {
    await releaseReservations(tx, orderId);
    return [newMessage(Streams.sagaReplies, "StockReleased", { orderId }, command.headers)];
  });
}
