import { newMessage, Streams, type OnceEffect, type TypedMessage } from "../../../../packages/messaging";
import { estimatedDeliveryFrom } from "../domain/shipment-progress";
import type { ShippingTx } from "../repositories/prisma-client";
import { createShipment } from "../repositories/shipment-repository";

/**
 * CreateShipment: one PENDING shipment per order. A re-sent command (new message id) finds the order's
 * shipment and answers with its id again, whatever has happened to it since.
 */
export function createOrderShipment(command: TypedMessage<"CreateShipment">, now = new Date()): OnceEffect<ShippingTx> {
  const { orderId, address } = command.payload;
  return async (tx) => {
    const shipment = await createShipment(tx, { orderId, address, estimatedDelivery: estimatedDeliveryFrom(now) });
    return [newMessage(Streams.sagaReplies, "ShipmentCreated", { orderId, shipmentId: shipment.id }, command.headers)];
  };
}
