import type { Caller } from "../../../packages/identity";
import { createLoaders, type Loaders } from "./loaders";
import type { ShipmentRepository } from "./repositories/shipment-repository";
import type { ShipmentProgressService } from "./services/shipment-progress-service";

export interface Context {
  caller: Caller | null;
  requestId: string;
  loaders: Loaders;
  shipmentProgress: ShipmentProgressService;
}

export interface ContextDeps {
  shipments: ShipmentRepository;
  shipmentProgress: ShipmentProgressService;
}

export function contextFactory(deps: ContextDeps) {
  return (request: { caller: Caller | null; requestId: string }): Context => ({
    caller: request.caller,
    requestId: request.requestId,
    loaders: createLoaders(deps.shipments),
    shipmentProgress: deps.shipmentProgress,
  });
}
