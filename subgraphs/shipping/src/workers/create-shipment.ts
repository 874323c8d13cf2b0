import { handleOnce, newMessage, Streams, type TypedMessage } from "../../../../packages/messaging";
import { estimatedDeliveryFrom } from "../domain/shipment-progress";
import type { ShippingPrisma } from "../repositories/prisma-client";
import { createShipment } from "../repositories/shipment-repository";
import { SHIPPING_CONSUMER } from "./consumer-name";

/**
 * CreateShipment: one PENDING shipment per order. A re-sent command (new message id) finds the order's
 * shipment and answers with its id again, whatever has happened to it since.
 */
export async function createOrderShipment(prisma: ShippingPrisma, command: TypedMessage<"CreateShipment">, now = new Date()): Promise<boolean> {
  const { orderId, address } = command.payload;
  return handleOnce(prisma, SHIPPING_CONSUMER, command, async (tx) => {
    const shipment = await createShipment(tx, { orderId, address, estimatedDelivery: estimatedDeliveryFrom(now) });
    return [newMessage(Streams.sagaReplies, "ShipmentCreated", { orderId, shipmentId: shipment.id }, command.headers)];
  });
}
