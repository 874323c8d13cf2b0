import type { Caller } from "../../../packages/identity";
import { messageHeaders, type MessageHeaders } from "../../../packages/shop-messages";
import { createLoaders, type Loaders } from "./loaders";
import type { OrderRepository } from "./repositories/order-repository";
import type { ProductCatalog } from "./clients/product-catalog";
import type { CartCheckout } from "./services/cart-checkout";
import type { CartService } from "./services/cart-service";
import type { CheckoutService } from "./services/checkout-service";

export interface Context {
  caller: Caller | null;
  requestId: string;
  loaders: Loaders;
  orders: OrderRepository;
  checkout: CheckoutService;
  carts: CartService;
  cartCheckout: CartCheckout;
  /** Carried by the saga messages a request causes, so one checkout can be followed across services. */
  messageHeaders: MessageHeaders;
}

export interface ContextDeps {
  orders: OrderRepository;
  catalog: ProductCatalog;
  checkout: CheckoutService;
  carts: CartService;
  cartCheckout: CartCheckout;
}

export function contextFactory(deps: ContextDeps) {
  return (request: { caller: Caller | null; requestId: string }): Context => ({
    caller: request.caller,
    requestId: request.requestId,
    loaders: createLoaders(deps.orders, deps.catalog, (ids) => deps.carts.visibleCarts(request.caller, ids)),
    orders: deps.orders,
    checkout: deps.checkout,
    carts: deps.carts,
    cartCheckout: deps.cartCheckout,
    // Built inside the request, so the request's trace context travels with the saga's messages.
    messageHeaders: messageHeaders({ requestId: request.requestId }),
  });
}
