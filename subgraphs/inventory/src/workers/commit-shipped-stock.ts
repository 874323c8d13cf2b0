import { type Message, type OnceEffect } from "../../../../packages/messaging";
import { parseMessage } from "../../../../packages/shop-messages";
import { shipmentTakesStock } from "../domain/reservation";
import type { InventoryTx } from "../repositories/prisma-client";
import { commitReservations } from "../repositories/reservation-repository";

/** ShipmentStatusChanged: when the order ships, its held units leave the shelf. An event: nothing is answered. */
export async function commitShippedStock(message: Message): Promise<OnceEffect<InventoryTx>> {
  const event = parseMessage(message, ["ShipmentStatusChanged"]);
  return async (tx) => {
    if (shipmentTakesStock(event.payload.status)) await commitReservations(tx, event.payload.orderId);
    return [];
  };
}
