import { handleOnce, parseMessage, type Message } from "../../../../packages/messaging";
import { shipmentTakesStock } from "../domain/reservation";
import type { InventoryPrisma } from "../repositories/prisma-client";
import { commitReservations } from "../repositories/reservation-repository";
import { INVENTORY_CONSUMER } from "./consumer-name";

/** ShipmentStatusChanged: when the order ships, its held units leave the shelf. An event: nothing is answered. */
export async function commitShippedStock(prisma: InventoryPrisma, message: Message): Promise<void> {
  const event = parseMessage(message, ["ShipmentStatusChanged"]);
  if (!shipmentTakesStock(event.payload.status)) return;
  await handleOnce(prisma, INVENTORY_CONSUMER, event, async (tx) => {
    await commitReservations(tx, event.payload.orderId);
    return [];
  });
}
