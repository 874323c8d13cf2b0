import type { GatewayRequest } from "./gateway-client";
import { waitFor } from "./wait-for";

/**
 * Orders for end-to-end tests, placed the only way the system places them: the real `placeOrder`
 * mutation through the gateway, with the checkout saga run by the harness's workers. Tests then read
 * what the saga really left behind instead of rows written past it.
 */

export interface CheckoutLine {
  productId: string;
  quantity: number;
}

export interface CheckoutAddress {
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
}

export const TEST_SHIPPING_ADDRESS: CheckoutAddress = { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" };

/** What placeOrder answers at once, before the saga has run. */
export interface PlacedOrder {
  id: string;
  status: string;
  total: { cents: number };
  items: Array<{ productName: string; quantity: number }>;
}

/** The order as a storefront polling checkout sees it: where the saga is and what it left in each subgraph. */
export interface CheckoutOrderView {
  id: string;
  status: string;
  failureCode: string | null;
  failureReason: string | null;
  events: Array<{ type: string; detail: string | null }>;
  saga: { status: string; steps: Array<{ name: string; status: string; attempts: number; error: string | null }> };
  payment: { status: string; amount: { cents: number }; declineReason: string | null } | null;
  shipment: { status: string; carrier: string | null; trackingNumber: string | null } | null;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  order: { id: string; status: string } | null;
}

const PLACE_ORDER = `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id status total { cents } items { productName quantity } } }`;
const ORDER = `query ($id: ID!) { order(id: $id) {
  id status failureCode failureReason
  events { type detail }
  saga { status steps { name status attempts error } }
  payment { status amount { cents } declineReason }
  shipment { status carrier trackingNumber }
} }`;
const NOTIFICATIONS = `{ me { notifications(first: 100) { id kind title body createdAt readAt order { id status } } } }`;

export async function readCheckoutOrder(request: GatewayRequest, id: string, token: string): Promise<CheckoutOrderView> {
  const { body } = await request<{ order: CheckoutOrderView | null }>(ORDER, { id }, { token });
  if (!body.data?.order) throw new Error(`order ${id} not readable: ${JSON.stringify(body.errors)}`);
  return body.data.order;
}

export const sagaHasEnded = (order: CheckoutOrderView) => ["COMPLETED", "COMPENSATED"].includes(order.saga.status);

/**
 * Polls the order (bounded) until `until` holds, by default until its saga has ended, and returns the
 * answer that satisfied it: one answer shows the order at one moment (the orders subgraph reads an
 * order with its saga, steps and events in one statement), so no second read is needed.
 */
export async function waitForOrder(
  request: GatewayRequest,
  id: string,
  options: { token: string; until?: (order: CheckoutOrderView) => boolean; timeoutMs?: number },
): Promise<CheckoutOrderView> {
  const until = options.until ?? sagaHasEnded;
  let last: CheckoutOrderView | undefined;
  try {
    return await waitFor(
      `order ${id}`,
      async () => {
        last = await readCheckoutOrder(request, id, options.token);
        return until(last) ? last : undefined;
      },
      options.timeoutMs,
    );
  } catch (error) {
    throw new Error(`order ${id} did not settle: ${JSON.stringify(last)}`, { cause: error });
  }
}

export interface SettledOrderRequest {
  /** The customer placing the order. */
  token: string;
  /** Reads the order while it settles (the customer's token when not given). */
  adminToken?: string;
  items: readonly CheckoutLine[];
  shippingAddress?: CheckoutAddress;
  paymentToken?: string;
  idempotencyKey?: string;
}

/** Places an order with the real mutation and waits until its saga has COMPLETED or COMPENSATED. */
export async function placeSettledOrder(
  request: GatewayRequest,
  { token, adminToken, items, shippingAddress = TEST_SHIPPING_ADDRESS, paymentToken = "tok_visa", idempotencyKey }: SettledOrderRequest,
): Promise<{ placed: PlacedOrder; order: CheckoutOrderView }> {
  const input = { items, shippingAddress, paymentToken, ...(idempotencyKey ? { idempotencyKey } : {}) };
  const { body } = await request<{ placeOrder: PlacedOrder }>(PLACE_ORDER, { input }, { token });
  if (!body.data?.placeOrder) throw new Error(`placeOrder failed: ${JSON.stringify(body.errors)}`);
  const placed = body.data.placeOrder;
  return { placed, order: await waitForOrder(request, placed.id, { token: adminToken ?? token }) };
}

export async function readNotifications(request: GatewayRequest, token: string): Promise<NotificationView[]> {
  const { body } = await request<{ me: { notifications: NotificationView[] } | null }>(NOTIFICATIONS, {}, { token });
  if (!body.data?.me) throw new Error(`notifications not readable: ${JSON.stringify(body.errors)}`);
  return body.data.me.notifications;
}

/**
 * Waits (bounded) until the signed-in user has been told `kind`, about `orderId` when given: notifications
 * follow the saga's events asynchronously, after the order itself has settled.
 */
export function waitForNotification(
  request: GatewayRequest,
  { token, kind, orderId, timeoutMs }: { token: string; kind: string; orderId?: string; timeoutMs?: number },
): Promise<NotificationView> {
  const about = orderId ? ` about order ${orderId}` : "";
  return waitFor(
    `a ${kind} notification${about}`,
    async () => (await readNotifications(request, token)).find((note) => note.kind === kind && (orderId === undefined || note.order?.id === orderId)),
    timeoutMs,
  );
}
