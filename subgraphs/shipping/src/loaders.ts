import { rowByKeyLoader } from "../../../packages/batching";
import type { ShipmentRepository } from "./repositories/shipment-repository";

/** Per-request loaders: shipments looked up in one request cost one SQL query per key kind. */
export function createLoaders(shipments: ShipmentRepository) {
  return {
    shipmentById: rowByKeyLoader(shipments.findByIds, (shipment) => shipment.id),
    shipmentByOrderId: rowByKeyLoader(shipments.findByOrderIds, (shipment) => shipment.orderId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
