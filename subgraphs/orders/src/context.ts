import type { Caller } from "../../../packages/identity";
import { messageHeaders, type MessageHeaders } from "../../../packages/shop-messages";
import { createLoaders, type Loaders } from "./loaders";
import type { OrderRepository } from "./repositories/order-repository";
import type { CheckoutService } from "./services/checkout-service";

export interface Context {
  caller: Caller | null;
  requestId: string;
  loaders: Loaders;
  orders: OrderRepository;
  checkout: CheckoutService;
  /** Carried by the saga messages a request causes, so one checkout can be followed across services. */
  messageHeaders: MessageHeaders;
}

export interface ContextDeps {
  orders: OrderRepository;
  checkout: CheckoutService;
}

export function contextFactory(deps: ContextDeps) {
  return (request: { caller: Caller | null; requestId: string }): Context => ({
    caller: request.caller,
    requestId: request.requestId,
    loaders: createLoaders(deps.orders),
    orders: deps.orders,
    checkout: deps.checkout,
    // Built inside the request, so the request's trace context travels with the saga's messages.
    messageHeaders: messageHeaders({ requestId: request.requestId }),
  });
}
