import type { OnceEffect } from "../../../../packages/messaging";
import { messageHeaders, shopMessage, type TypedMessage } from "../../../../packages/shop-messages";
import { hasLeft } from "../domain/shipment-progress";
import type { ShippingTx } from "../repositories/prisma-client";
import { cancelPendingShipment, findShipmentByOrderId } from "../repositories/shipment-repository";

/**
 * CancelShipment: a PENDING shipment is cancelled, and no shipment is nothing to do (both answered
 * ShipmentCancelled); one that has already left cannot be called back, and the orchestrator is told with
 * StepAbandoned so that the saga is flagged. The cancel is a conditional update: should an advance commit
 * first, the update waits for it, changes nothing, and the shipment read after it shows where it went.
 */
export function cancelOrderShipment(command: TypedMessage<"CancelShipment">): OnceEffect<ShippingTx> {
  const { orderId } = command.payload;
  const headers = messageHeaders({ message: command });
  return async (tx) => {
    const cancelled = await cancelPendingShipment(tx, orderId);
    const shipment = cancelled ? null : await findShipmentByOrderId(tx, orderId);
    if (shipment && hasLeft(shipment.status)) {
      return [shopMessage("StepAbandoned", { orderId, command: "CancelShipment", reason: "shipment already left" }, headers)];
    }
    return [shopMessage("ShipmentCancelled", { orderId }, headers)];
  };
}
