import type { OnceEffect } from "../../../../packages/messaging";
import { messageHeaders, shopMessage, type TypedMessage } from "../../../../packages/shop-messages";
import { estimatedDeliveryFrom } from "../domain/shipment-progress";
import type { ShippingTx } from "../repositories/prisma-client";
import { createShipment } from "../repositories/shipment-repository";

/**
 * CreateShipment: one PENDING shipment per order. A re-sent command (new message id) finds the order's
 * shipment and answers with its id again, whatever has happened to it since.
 */
export function createOrderShipment(command: TypedMessage<"CreateShipment">, now = new Date()): OnceEffect<ShippingTx> {
  const { orderId, address } = command.payload;
  const headers = messageHeaders({ message: command });
  return async (tx) => {
    const shipment = await createShipment(tx, { orderId, address, estimatedDelivery: estimatedDeliveryFrom(now) });
    return [shopMessage("ShipmentCreated", { orderId, shipmentId: shipment.id }, headers)];
  };
}
