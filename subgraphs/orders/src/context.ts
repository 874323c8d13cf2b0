import type { Caller } from "../../../packages/identity";
import { createLoaders, type Loaders } from "./loaders";
import type { OrderRepository } from "./repositories/order-repository";

export interface Context {
  caller: Caller | null;
  requestId: string;
  loaders: Loaders;
  orders: OrderRepository;
}

export interface ContextDeps {
  orders: OrderRepository;
}

export function contextFactory(deps: ContextDeps) {
  return (request: { caller: Caller | null; requestId: string }): Context => ({
    caller: request.caller,
    requestId: request.requestId,
    loaders: createLoaders(deps.orders),
    orders: deps.orders,
  });
}
