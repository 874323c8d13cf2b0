import { randomUUID } from "node:crypto";
import {
  placeSettledOrder,
  waitFor,
  waitForNotification,
  waitForOrder,
  type GatewayRequest,
  type RunningSupergraph,
  startDemoShop,
  type DemoShop,
} from "../packages/testing";

// Catalogue administration through the gateway: updateProduct, restock and advanceShipment with
// idempotency keys, and the notifications that follow (ORDER_SHIPPED with tracking, LOW_STOCK for admins).
jest.setTimeout(120_000);

let supergraph: RunningSupergraph;
let request: GatewayRequest;
let tokens: DemoShop["tokens"];

beforeAll(async () => {
  ({ supergraph, request, tokens } = await startDemoShop());
}, 120_000);

afterAll(async () => {
  await supergraph?.stop();
});

interface Level {
  onHand: number;
  reserved: number;
  available: number;
}

const CREATE = `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id name weightGrams price { cents } category { slug } } }`;
const RESTOCK = `mutation ($productId: ID!, $quantity: Int!, $key: String) { restock(productId: $productId, quantity: $quantity, idempotencyKey: $key) { onHand reserved available } }`;
const ADVANCE = `mutation ($orderId: ID!, $key: String) { advanceShipment(orderId: $orderId, idempotencyKey: $key) { id status carrier trackingNumber } }`;
const ORDER_ITEMS = `query ($id: ID!) { order(id: $id) { items { productName unitPrice { cents } quantity } } }`;

/** A new product of the admin's, with `stock` units on hand. */
async function newProduct(stock: number, priceCents = 1_500): Promise<string> {
  const input = { sku: `E2E-${randomUUID().slice(0, 8)}`, name: "Enamel Mug", description: "Blue", priceCents, weightGrams: 350, categorySlug: "kitchen" };
  const { body } = await request<{ createProduct: { id: string } }>(CREATE, { input }, { token: tokens.admin });
  const id = body.data!.createProduct.id;
  if (stock > 0) await restock(id, stock, null);
  return id;
}

const restock = (productId: string, quantity: number, key: string | null) =>
  request<{ restock: Level }>(RESTOCK, { productId, quantity, key }, { token: tokens.admin });

const advance = (orderId: string, key: string | null) =>
  request<{ advanceShipment: { id: string; status: string; carrier: string | null; trackingNumber: string | null } }>(ADVANCE, { orderId, key }, { token: tokens.admin });

async function stockOf(productId: string): Promise<Level> {
  const { body } = await request<{ product: { inventory: Level } }>(`query ($id: ID!) { product(id: $id) { inventory { onHand reserved available } } }`, { id: productId });
  return body.data!.product.inventory;
}

async function confirmedOrder(productId: string, quantity = 1): Promise<string> {
  const { order } = await placeSettledOrder(request, { token: tokens.alice, adminToken: tokens.admin, items: [{ productId, quantity }] });
  expect(order.status).toBe("CONFIRMED");
  return order.id;
}

describe("updateProduct", () => {
  it("changes the price that new orders pay, while a placed order keeps its snapshot", async () => {
    const productId = await newProduct(10, 1_500);
    const before = await confirmedOrder(productId);
    const { body } = await request<{ updateProduct: { price: { cents: number }; name: string } }>(
      UPDATE,
      { id: productId, input: { priceCents: 2_100, name: "Enamel Mug XL", weightGrams: 500, categorySlug: "outdoor" } },
      { token: tokens.admin },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.updateProduct).toMatchObject({ name: "Enamel Mug XL", weightGrams: 500, price: { cents: 2_100 }, category: { slug: "outdoor" } });

    const items = async (id: string) => (await request<{ order: { items: unknown[] } }>(ORDER_ITEMS, { id }, { token: tokens.alice })).body.data!.order.items;
    expect(await items(before)).toEqual([{ productName: "Enamel Mug", unitPrice: { cents: 1_500 }, quantity: 1 }]);
    const after = await confirmedOrder(productId);
    expect(await items(after)).toEqual([{ productName: "Enamel Mug XL", unitPrice: { cents: 2_100 }, quantity: 1 }]);
  });

  it("answers NOT_FOUND for an unknown product, BAD_USER_INPUT for an unknown category, FORBIDDEN and UNAUTHENTICATED to others", async () => {
    const productId = await newProduct(0);
    const code = async (id: string, input: Record<string, unknown>, token?: string) =>
      (await request(UPDATE, { id, input }, token ? { token } : {})).body.errors?.[0]?.extensions;
    expect(await code(randomUUID(), { priceCents: 1 }, tokens.admin)).toMatchObject({ code: "NOT_FOUND" });
    expect(await code(productId, { categorySlug: "nope" }, tokens.admin)).toMatchObject({ code: "BAD_USER_INPUT", field: "categorySlug" });
    expect(await code(productId, { priceCents: 1 }, tokens.alice)).toMatchObject({ code: "FORBIDDEN" });
    expect(await code(productId, { priceCents: 1 })).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

describe("idempotent admin mutations", () => {
  it("restock twice with one key adds once, also when two calls race", async () => {
    const productId = await newProduct(0);
    const key = `restock-${randomUUID()}`;
    const first = await restock(productId, 5, key);
    const again = await restock(productId, 5, key);
    expect(again.body.data!.restock).toEqual(first.body.data!.restock);
    expect(await stockOf(productId)).toMatchObject({ onHand: 5 });

    const raceKey = `race-${randomUUID()}`;
    const racing = await Promise.all([restock(productId, 7, raceKey), restock(productId, 7, raceKey)]);
    expect(racing.map((response) => response.body.data?.restock.onHand)).toEqual([12, 12]);
    expect(await stockOf(productId)).toMatchObject({ onHand: 12 });

    const other = await restock(productId, 8, key);
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
  });

  it("advanceShipment twice with one key moves the shipment once", async () => {
    const orderId = await confirmedOrder(await newProduct(10));
    const key = `ship-${randomUUID()}`;
    const first = await advance(orderId, key);
    expect(first.body.errors).toBeUndefined();
    const again = await advance(orderId, key);
    expect(again.body.data!.advanceShipment).toEqual(first.body.data!.advanceShipment);
    expect(first.body.data!.advanceShipment.status).toBe("SHIPPED");
    const order = await waitForOrder(request, orderId, { token: tokens.admin, until: (view) => view.status === "SHIPPED" });
    expect(order.shipment?.status).toBe("SHIPPED");
  });
});

describe("notifications that say something", () => {
  it("tells the customer which carrier ships the order, with its tracking number", async () => {
    const orderId = await confirmedOrder(await newProduct(10));
    const shipped = (await advance(orderId, null)).body.data!.advanceShipment;
    const notification = await waitForNotification(request, { token: tokens.alice, kind: "ORDER_SHIPPED", orderId });
    expect(notification.body).toContain(`with ${shipped.carrier}, tracking number ${shipped.trackingNumber}`);
  });

  it("tells every admin, and no customer, when a reservation takes a product under the low-stock threshold", async () => {
    const productId = await newProduct(6);
    await confirmedOrder(productId, 2);
    expect(await stockOf(productId)).toMatchObject({ available: 4 });
    const ADMIN_NOTIFICATIONS = `{ me { notifications(unreadOnly: true, first: 100) { id kind body product { id name } } } }`;
    type Listed = { id: string; kind: string; body: string; product: { id: string; name: string } | null };
    const lowStockOf = async (token: string) =>
      (await request<{ me: { notifications: Listed[] } }>(ADMIN_NOTIFICATIONS, {}, { token })).body.data!.me.notifications.find(
        (notification) => notification.kind === "LOW_STOCK" && notification.product?.id === productId,
      );
    const alert = await waitFor("the admin's LOW_STOCK notification", () => lowStockOf(tokens.admin));
    expect(alert).toMatchObject({ product: { id: productId, name: "Enamel Mug" }, body: expect.stringContaining("has 4 units available, under the low-stock threshold of 5") });
    expect(await lowStockOf(tokens.alice)).toBeUndefined();
    const read = await request<{ markNotificationRead: { readAt: string | null } }>(
      `mutation ($id: ID!) { markNotificationRead(id: $id) { readAt } }`,
      { id: alert.id },
      { token: tokens.admin },
    );
    expect(read.body.data!.markNotificationRead.readAt).toEqual(expect.any(String));
    expect(await lowStockOf(tokens.admin)).toBeUndefined();
  });
});
