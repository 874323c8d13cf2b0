import type { Caller } from "../../../packages/identity";
import { createLoaders, type Loaders } from "./loaders";
import type { StockRepository } from "./repositories/stock-repository";
import type { RestockService } from "./services/restock-service";

export interface Context {
  caller: Caller | null;
  requestId: string;
  loaders: Loaders;
  restocking: RestockService;
}

export interface ContextDeps {
  stock: StockRepository;
  restocking: RestockService;
}

export function contextFactory(deps: ContextDeps) {
  return (request: { caller: Caller | null; requestId: string }): Context => ({
    caller: request.caller,
    requestId: request.requestId,
    loaders: createLoaders(deps.stock),
    restocking: deps.restocking,
  });
}
