import { randomUUID } from "node:crypto";
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import { metricsRegistry } from "../packages/metrics";
import {
  placeSettledOrder,
  readCheckoutOrder,
  TEST_SHIPPING_ADDRESS,
  waitForOrder,
  type CheckoutLine,
  type CheckoutOrderView,
  type GatewayRequest,
  type RunningSupergraph,
  startDemoShop,
  type DemoShop,
} from "../packages/testing";
import { shippingCents } from "../subgraphs/shipping/src/domain/shipping-rates";

// The checkout saga end to end: placeOrder through the gateway, the saga over Redis streams between
// five subgraphs with their own databases, and what the user and the admin then see.
jest.setTimeout(120_000);

let supergraph: RunningSupergraph;
let request: GatewayRequest;
let tokens: DemoShop["tokens"];
const product = (sku: string) => DEMO_PRODUCTS.find((candidate) => candidate.sku === sku)!;

beforeAll(async () => {
  ({ supergraph, request, tokens } = await startDemoShop());
}, 120_000);

afterAll(async () => {
  await supergraph?.stop();
});

const PLACE = `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id status total { cents } items { productName quantity } } }`;

/** placeOrder's raw answer, for what it refuses and for orders read before their saga has ended. */
async function placeOrder(lines: CheckoutLine[], paymentToken = "tok_visa", token = tokens.alice, idempotencyKey?: string) {
  return request<{ placeOrder: { id: string; status: string; total: { cents: number } } }>(
    PLACE,
    { input: { items: lines, shippingAddress: TEST_SHIPPING_ADDRESS, paymentToken, ...(idempotencyKey ? { idempotencyKey } : {}) } },
    { token },
  );
}

/** Alice's order placed and settled (saga COMPLETED or COMPENSATED), read by the admin. */
async function placeSettled(lines: CheckoutLine[], paymentToken = "tok_visa", token = tokens.alice) {
  return placeSettledOrder(request, { token, adminToken: tokens.admin, items: lines, paymentToken });
}

/** Waits (bounded) until the order's saga has ended, or `until` holds, and reads it whole as the admin. */
const settled = (id: string, until?: (order: CheckoutOrderView) => boolean) => waitForOrder(request, id, { token: tokens.admin, until });

async function stockOf(productId: string) {
  const { body } = await request<{ product: { inventory: { onHand: number; reserved: number; available: number } } }>(
    `query ($id: ID!) { product(id: $id) { inventory { onHand reserved available } } }`,
    { id: productId },
  );
  return body.data!.product.inventory;
}

const stepStatuses = (order: CheckoutOrderView) => Object.fromEntries(order.saga.steps.map((step) => [step.name, step.status]));

describe("a paid order", () => {
  it("returns PENDING at once, then is reserved, charged, confirmed and gets a shipment", async () => {
    const earbuds = product("EL-1001");
    const before = await stockOf(earbuds.id);
    const { placed, order } = await placeSettled([{ productId: earbuds.id, quantity: 2 }]);
    // Subtotal plus shipping for 120 g to TEST_SHIPPING_ADDRESS's STANDARD postal code, by shipping's own rules.
    const total = 2 * earbuds.priceCents + shippingCents(2 * earbuds.weightGrams, "STANDARD");
    expect(placed).toMatchObject({ status: "PENDING", total: { cents: total }, items: [{ productName: earbuds.name, quantity: 2 }] });
    expect(order).toMatchObject({
      status: "CONFIRMED",
      failureCode: null,
      saga: { status: "COMPLETED" },
      payment: { status: "CAPTURED", amount: { cents: total } },
      shipment: { status: "PENDING" },
    });
    expect(stepStatuses(order)).toEqual({ RESERVE_INVENTORY: "SUCCEEDED", CHARGE_PAYMENT: "SUCCEEDED", CONFIRM_ORDER: "SUCCEEDED", CREATE_SHIPMENT: "SUCCEEDED" });
    expect(order.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["ORDER_PLACED", "INVENTORY_RESERVED", "PAYMENT_CAPTURED", "ORDER_CONFIRMED"]),
    );
    expect(order.events[0]!.type).toBe("ORDER_PLACED");
    expect(await stockOf(earbuds.id)).toEqual({ onHand: before.onHand, reserved: before.reserved + 2, available: before.available - 2 });
  });

  it("reports saga step outcomes and stream lag as metrics", async () => {
    const steps = await metricsRegistry.getSingleMetricAsString("saga_steps_total");
    expect(steps).toMatch(/saga_steps_total\{[^}]*step="CHARGE_PAYMENT"[^}]*outcome="succeeded"[^}]*\} [1-9]/);
    const lag = await metricsRegistry.getSingleMetricAsString("stream_message_lag_seconds");
    expect(lag).toMatch(/stream_message_lag_seconds_count\{[^}]*stream="shop:inventory:commands"[^}]*group="inventory"[^}]*\} [1-9]/);
  });
});

describe("orders that fail", () => {
  it("releases the stock when the payment is declined: FAILED / PAYMENT_DECLINED, saga COMPENSATED", async () => {
    const usb = product("EL-1003");
    const before = await stockOf(usb.id);
    const { order } = await placeSettled([{ productId: usb.id, quantity: 1 }], "tok_chargeDeclined");
    expect(order).toMatchObject({ status: "FAILED", failureCode: "PAYMENT_DECLINED", saga: { status: "COMPENSATED" }, payment: { status: "DECLINED" }, shipment: null });
    expect(stepStatuses(order)).toMatchObject({ RESERVE_INVENTORY: "COMPENSATED", CHARGE_PAYMENT: "FAILED" });
    expect(await stockOf(usb.id)).toEqual(before);
  });

  it("fails OUT_OF_STOCK without charging", async () => {
    const grinder = product("KT-3008"); // seeded with no stock
    const { order } = await placeSettled([{ productId: grinder.id, quantity: 1 }]);
    expect(order).toMatchObject({ status: "FAILED", failureCode: "OUT_OF_STOCK", saga: { status: "COMPENSATED" }, payment: null });
    expect(stepStatuses(order)).toMatchObject({ RESERVE_INVENTORY: "FAILED", CHARGE_PAYMENT: "PENDING" });
  });

  it("reserves nothing when one line of several is short", async () => {
    const [plenty, scarce] = [product("OD-4005"), product("KT-3006")];
    const before = await Promise.all([stockOf(plenty.id), stockOf(scarce.id)]);
    const { order } = await placeSettled([
      { productId: plenty.id, quantity: 2 },
      { productId: scarce.id, quantity: before[1].available + 1 > 100 ? 100 : before[1].available + 1 },
    ]);
    expect(order).toMatchObject({ status: "FAILED", failureCode: "OUT_OF_STOCK" });
    expect(await Promise.all([stockOf(plenty.id), stockOf(scarce.id)])).toEqual(before);
  });
});

describe("idempotent placement", () => {
  const chair = () => product("OD-4007");

  it("returns the same order for a retried request, sequentially and concurrently", async () => {
    const key = `key-${randomUUID()}`;
    const lines = [{ productId: chair().id, quantity: 1 }];
    const first = await placeOrder(lines, "tok_visa", tokens.alice, key);
    const again = await placeOrder(lines, "tok_visa", tokens.alice, key);
    expect(again.body.data!.placeOrder.id).toBe(first.body.data!.placeOrder.id);

    const concurrentKey = `key-${randomUUID()}`;
    const racing = await Promise.all(Array.from({ length: 6 }, () => placeOrder(lines, "tok_visa", tokens.alice, concurrentKey)));
    const ids = new Set(racing.map((response) => response.body.data?.placeOrder.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toEqual(expect.any(String));
  });

  it("refuses the same key with a different cart, and keeps keys apart per user", async () => {
    const key = `key-${randomUUID()}`;
    const mine = await placeOrder([{ productId: chair().id, quantity: 1 }], "tok_visa", tokens.alice, key);
    const changed = await placeOrder([{ productId: chair().id, quantity: 2 }], "tok_visa", tokens.alice, key);
    expect(changed.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
    const bobs = await placeOrder([{ productId: chair().id, quantity: 2 }], "tok_visa", tokens.bob, key);
    expect(bobs.body.data!.placeOrder.id).not.toBe(mine.body.data!.placeOrder.id);
  });
});

describe("bad input", () => {
  const countOrders = async () =>
    (await request<{ orders: { totalCount: number } }>("{ orders { totalCount } }", {}, { token: tokens.admin })).body.data!.orders.totalCount;
  const lamp = () => product("OD-4005").id;

  it.each([
    ["no lines", [] as CheckoutLine[], "tok_visa"],
    ["51 lines", Array.from({ length: 51 }, () => ({ productId: lamp(), quantity: 1 })), "tok_visa"],
    ["a quantity of 0", [{ productId: lamp(), quantity: 0 }], "tok_visa"],
    ["a quantity of 101", [{ productId: lamp(), quantity: 101 }], "tok_visa"],
    ["an unknown product", [{ productId: randomUUID(), quantity: 1 }], "tok_visa"],
    ["a malformed product id", [{ productId: "not-an-id", quantity: 1 }], "tok_visa"],
    ["an empty payment token", [{ productId: lamp(), quantity: 1 }], "  "],
  ])("refuses %s with BAD_USER_INPUT and creates nothing", async (_case, lines, paymentToken) => {
    const before = await countOrders();
    const { body } = await placeOrder(lines, paymentToken);
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await countOrders()).toBe(before);
  });

  it("asks anonymous callers to sign in", async () => {
    const { body } = await request(PLACE, { input: { items: [{ productId: lamp(), quantity: 1 }], shippingAddress: TEST_SHIPPING_ADDRESS, paymentToken: "tok_visa" } });
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("cancellation", () => {
  const CANCEL = `mutation ($id: ID!) { cancelOrder(id: $id) { id status } }`;

  it("cancels a confirmed order: refund, released stock, cancelled shipment; a second cancel changes nothing", async () => {
    const bottle = product("OD-4006");
    const before = await stockOf(bottle.id);
    const { id } = (await placeSettled([{ productId: bottle.id, quantity: 3 }])).order;
    const cancelled = await request<{ cancelOrder: { status: string } }>(CANCEL, { id }, { token: tokens.alice });
    expect(cancelled.body.data!.cancelOrder.status).toBe("CANCELLED");
    const order = await settled(id, (view) => view.saga.status === "COMPENSATED");
    expect(order).toMatchObject({ status: "CANCELLED", payment: { status: "REFUNDED" }, shipment: { status: "CANCELLED" } });
    expect(await stockOf(bottle.id)).toEqual(before);
    const again = await request<{ cancelOrder: { status: string } }>(CANCEL, { id }, { token: tokens.alice });
    expect(again.body.data!.cancelOrder.status).toBe("CANCELLED");
    expect((await readCheckoutOrder(request, id, tokens.admin)).events.filter((event) => event.type === "ORDER_CANCELLED")).toHaveLength(1);
  });

  it("cancels a pending order without a race: the saga stops and compensates", async () => {
    const stove = product("OD-4002");
    const before = await stockOf(stove.id);
    const { body } = await placeOrder([{ productId: stove.id, quantity: 1 }]);
    const id = body.data!.placeOrder.id;
    const cancelled = await request<{ cancelOrder: { status: string } }>(CANCEL, { id }, { token: tokens.admin });
    expect(cancelled.body.data!.cancelOrder.status).toBe("CANCELLED");
    const order = await settled(id, (view) => view.saga.status === "COMPENSATED");
    expect(order.status).toBe("CANCELLED");
    expect(order.payment === null || order.payment.status !== "CAPTURED").toBe(true);
    expect(order.shipment === null || order.shipment.status === "CANCELLED").toBe(true);
    // Stock comes back once every in-flight reply has been compensated.
    const deadline = Date.now() + 15_000;
    while (JSON.stringify(await stockOf(stove.id)) !== JSON.stringify(before) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await stockOf(stove.id)).toEqual(before);
  });

  it("is NOT_FOUND for someone else's order", async () => {
    const { body } = await placeOrder([{ productId: product("OD-4005").id, quantity: 1 }]);
    const refused = await request(CANCEL, { id: body.data!.placeOrder.id }, { token: tokens.bob });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("shipping and notifications", () => {
  const ADVANCE = `mutation ($orderId: ID!) { advanceShipment(orderId: $orderId) { status carrier trackingNumber } }`;

  it("advances the shipment to delivery, takes the units off the shelf, and the order follows", async () => {
    const backpack = product("OD-4001");
    const before = await stockOf(backpack.id);
    const { id } = (await placeSettled([{ productId: backpack.id, quantity: 2 }])).order;
    const shipped = await request<{ advanceShipment: { status: string; carrier: string; trackingNumber: string } }>(ADVANCE, { orderId: id }, { token: tokens.admin });
    expect(shipped.body.data!.advanceShipment).toMatchObject({ status: "SHIPPED", carrier: expect.any(String), trackingNumber: expect.any(String) });
    await settled(id, (view) => view.status === "SHIPPED");
    const deadline = Date.now() + 15_000;
    while ((await stockOf(backpack.id)).onHand !== before.onHand - 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await stockOf(backpack.id)).toEqual({ onHand: before.onHand - 2, reserved: before.reserved, available: before.available - 2 });
    expect((await request(ADVANCE, { orderId: id }, { token: tokens.admin })).body.errors).toBeUndefined();
    expect((await request(ADVANCE, { orderId: id }, { token: tokens.admin })).body.errors).toBeUndefined();
    const delivered = await settled(id, (view) => view.status === "DELIVERED");
    expect(delivered.shipment?.status).toBe("DELIVERED");
    expect((await request(ADVANCE, { orderId: id }, { token: tokens.admin })).body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await request(ADVANCE, { orderId: id }, { token: tokens.alice })).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const cancel = await request(`mutation ($id: ID!) { cancelOrder(id: $id) { id } }`, { id }, { token: tokens.alice });
    expect(cancel.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("tells the user about each move exactly once, and lets them mark it read", async () => {
    const deadline = Date.now() + 20_000;
    const kinds = async () => {
      const { body } = await request<{ me: { notifications: Array<{ id: string; kind: string; order: { id: string } | null }> } }>(
        "{ me { notifications(first: 100) { id kind order { id } } } }",
        {},
        { token: tokens.alice },
      );
      return body.data!.me.notifications;
    };
    let notifications = await kinds();
    // WELCOME: alice's seeded account announced itself as a sign-up does, once.
    const wanted = ["WELCOME", "ORDER_CONFIRMED", "ORDER_FAILED", "ORDER_CANCELLED", "ORDER_SHIPPED", "ORDER_DELIVERED"];
    while (!wanted.every((kind) => notifications.some((n) => n.kind === kind)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      notifications = await kinds();
    }
    expect(notifications.map((n) => n.kind)).toEqual(expect.arrayContaining(wanted));
    const perOrderAndKind = notifications.map((n) => `${n.order?.id}:${n.kind}`);
    expect(new Set(perOrderAndKind).size).toBe(perOrderAndKind.length);

    const MARK = `mutation ($id: ID!) { markNotificationRead(id: $id) { id readAt } }`;
    const target = notifications[0]!;
    const read = await request<{ markNotificationRead: { readAt: string } }>(MARK, { id: target.id }, { token: tokens.alice });
    expect(read.body.data!.markNotificationRead.readAt).toEqual(expect.any(String));
    expect((await request(MARK, { id: target.id }, { token: tokens.bob })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("welcomes a new user", async () => {
    const { body } = await request<{ signUp: { token: string } }>(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`,
      { input: { email: `new-${randomUUID()}@example.com`, password: "a-long-password", name: "Newcomer" } },
    );
    const token = body.data!.signUp.token;
    const deadline = Date.now() + 15_000;
    let kinds: string[] = [];
    while (!kinds.includes("WELCOME") && Date.now() < deadline) {
      kinds = (await request<{ me: { notifications: Array<{ kind: string }> } }>("{ me { notifications { kind } } }", {}, { token })).body.data!.me.notifications.map((n) => n.kind);
      if (!kinds.includes("WELCOME")) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(kinds).toEqual(["WELCOME"]);
  });
});

describe("many buyers, little stock", () => {
  it("sells exactly the stock, never more", async () => {
    const tent = product("OD-4004"); // 12 units seeded
    const before = await stockOf(tent.id);
    const buyers = await Promise.all(
      Array.from({ length: 10 }, (_, n) => placeSettled([{ productId: tent.id, quantity: 3 }], "tok_visa", n % 2 ? tokens.alice : tokens.bob)),
    );
    const orders = buyers.map((buyer) => buyer.order);
    const confirmed = orders.filter((order) => order.status === "CONFIRMED");
    expect(confirmed).toHaveLength(Math.floor(before.available / 3));
    expect(orders.filter((order) => order.status === "FAILED").every((order) => order.failureCode === "OUT_OF_STOCK")).toBe(true);
    const after = await stockOf(tent.id);
    expect(after.reserved - before.reserved).toBe(3 * confirmed.length);
    expect(after.available).toBeGreaterThanOrEqual(0);
  });
});
