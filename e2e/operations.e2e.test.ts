import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { getOperationAST, print } from "graphql";
import { DEMO_CATEGORIES, DEMO_PRODUCTS } from "../packages/demo-catalogue";
import {
  gatewayClient,
  placeSettledOrder,
  startSupergraph,
  waitFor,
  waitForNotification,
  type GatewayRequest,
  type RunningSupergraph,
  seedDemoShop,
} from "../packages/testing";
import {
  AddToCartDocument,
  AdminCatalogueDocument,
  AdminNotificationsDocument,
  CartDocument,
  CheckoutDocument,
  MergeGuestCartDocument,
  SetCartLineQuantityDocument,
  SetCartPostalCodeDocument,
  AdminOrdersDocument,
  AdvanceShipmentDocument,
  CancelOrderDocument,
  MarkNotificationReadDocument,
  NotificationAddedDocument,
  OrderUpdatedDocument,
  PlaceOrderDocument,
  BrowseProductsDocument,
  CategoriesDocument,
  ChangePasswordDocument,
  CreateProductDocument,
  DeleteAddressDocument,
  LogOutDocument,
  RefreshSessionDocument,
  SaveAddressDocument,
  SavedAddressesDocument,
  UpdateProfileDocument,
  LogInDocument,
  MeDocument,
  NotificationsDocument,
  OrderDetailsDocument,
  OrderHistoryDocument,
  OrderStatusDocument,
  ProductPageDocument,
  RestockDocument,
  SearchProductsDocument,
  SignUpDocument,
  UpdateProductDocument,
} from "../operations/generated/graphql";
import manifest from "../operations/generated/persisted-operations.json";
import { DEMO_CUSTOMER_PASSWORD } from "../subgraphs/users/src/seed";
import { liveClient, subscribe } from "./support/live-client";

// Every client operation in operations/ sent through the whole supergraph exactly as a frontend sends
// it: the typed document generated from it, whose text is the persisted-operation manifest's body.
// The order they read is placed by the real placeOrder and settled by the checkout saga.
let supergraph: RunningSupergraph;
let request: GatewayRequest;
const tokens = { admin: "", alice: "" };
let aliceId = "";
let orderId = "";
const exercised = new Set<string>();
const ADMIN_PASSWORD = "admin-e2e-password";
const earbuds = DEMO_PRODUCTS.find((product) => product.sku === "EL-1001")!;
const skillet = DEMO_PRODUCTS.find((product) => product.sku === "KT-3002")!;
const ADDRESS = { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" };

/** Sends a generated document's manifest body (checked to be its printed text) and returns its data; errors fail the test. */
async function send<TData, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, token?: string): Promise<TData> {
  const name = getOperationAST(document)?.name?.value;
  const persisted = manifest.operations.find((operation) => operation.name === name);
  if (!persisted) throw new Error(`operation ${name} is not in the persisted-operation manifest`);
  expect(print(document)).toBe(persisted.body);
  const { body } = await request<TData>(persisted.body, variables, { token });
  expect({ operation: name, errors: body.errors }).toEqual({ operation: name, errors: undefined });
  exercised.add(persisted.name);
  return body.data!;
}

beforeAll(async () => {
  supergraph = await startSupergraph();
  request = gatewayClient(supergraph.gateway.graphqlUrl);
  await seedDemoShop(supergraph, { adminPassword: ADMIN_PASSWORD });
}, 120_000);

afterAll(async () => {
  await supergraph?.stop();
});

describe("storefront operations", () => {
  it("LogIn and SignUp return a token and the user; Me answers with that user", async () => {
    const alice = await send(LogInDocument, { email: "alice@shop.local", password: DEMO_CUSTOMER_PASSWORD });
    expect(alice.logIn.user).toMatchObject({ email: "alice@shop.local", name: "Alice Example", role: "CUSTOMER" });
    tokens.alice = alice.logIn.token;
    aliceId = alice.logIn.user.id;
    tokens.admin = (await send(LogInDocument, { email: "admin@shop.local", password: ADMIN_PASSWORD })).logIn.token;

    const signedUp = await send(SignUpDocument, { input: { email: "operations-e2e@example.com", password: "at-least-8-chars", name: "Ops Tester" } });
    expect(signedUp.signUp.user).toMatchObject({ email: "operations-e2e@example.com", name: "Ops Tester", role: "CUSTOMER" });
    const me = await send(MeDocument, {}, signedUp.signUp.token);
    expect(me.me).toEqual({ ...signedUp.signUp.user, createdAt: expect.any(String) });
    expect((await send(MeDocument, {})).me).toBeNull();
  });

  it("Categories lists the catalogue's categories", async () => {
    const { categories } = await send(CategoriesDocument, {});
    expect(categories.map((category) => category.slug).sort()).toEqual(DEMO_CATEGORIES.map((category) => category.slug).sort());
  });

  it("BrowseProducts filters, sorts and pages, each tile priced, stocked and given a shipping estimate", async () => {
    const kitchen = DEMO_PRODUCTS.filter((product) => product.categorySlug === "kitchen");
    const variables = { filter: { categorySlug: "kitchen" }, sort: "PRICE_ASC" as const, first: 5, postalCode: "10115" };
    const first = await send(BrowseProductsDocument, variables);
    expect(first.products.totalCount).toBe(kitchen.length);
    expect(first.products.pageInfo.hasNextPage).toBe(kitchen.length > 5);
    const second = await send(BrowseProductsDocument, { ...variables, after: first.products.pageInfo.endCursor });
    const tiles = [...first.products.edges, ...second.products.edges].map((edge) => edge.node);
    expect(tiles).toHaveLength(kitchen.length);
    expect(tiles.map((tile) => tile.sku).sort()).toEqual(kitchen.map((product) => product.sku).sort());
    expect(tiles.map((tile) => tile.price.cents)).toEqual(kitchen.map((product) => product.priceCents).sort((a, b) => a - b));
    for (const tile of tiles) {
      const demo = kitchen.find((product) => product.sku === tile.sku)!;
      expect(tile).toMatchObject({ category: { slug: "kitchen" }, inStock: demo.stock > 0, price: { currency: "USD" } });
      expect(tile.shippingEstimate?.formatted).toMatch(/^\$\d+\.\d\d$/);
    }
  });

  it("SearchProducts finds a product by part of its name, in any case", async () => {
    const { products } = await send(SearchProductsDocument, { search: "SKILLET" });
    expect(products).toEqual({ totalCount: 1, edges: [{ node: { id: skillet.id, sku: "KT-3002", name: skillet.name, price: { formatted: "$42.00" } } }] });
  });

  it("ProductPage shows the product, its stock and the shipping to a remote postal code", async () => {
    const { product } = await send(ProductPageDocument, { id: earbuds.id, postalCode: "99501" });
    expect(product).toMatchObject({
      id: earbuds.id,
      sku: "EL-1001",
      description: earbuds.description,
      weightGrams: earbuds.weightGrams,
      price: { cents: 7999, currency: "USD", formatted: "$79.99" },
      inventory: { available: earbuds.stock },
      inStock: true,
      shippingEstimate: { cents: 899, currency: "USD", formatted: "$8.99" },
    });
  });

  describe("with an order", () => {
    beforeAll(async () => {
      // Alice's welcome (her seeded account's UserSignedUp) comes first, so newest-first lists are fixed.
      await waitForNotification(request, { token: tokens.alice, kind: "WELCOME" });
      const { order } = await placeSettledOrder(request, {
        token: tokens.alice,
        items: [
          { productId: earbuds.id, quantity: 2 },
          { productId: skillet.id, quantity: 1 },
        ],
        shippingAddress: ADDRESS,
      });
      orderId = order.id;
      await waitForNotification(request, { token: tokens.alice, kind: "ORDER_CONFIRMED", orderId });
    });

    it("OrderHistory lists the customer's orders with totals", async () => {
      const { me } = await send(OrderHistoryDocument, { first: 10 }, tokens.alice);
      expect(me?.orders?.totalCount).toBe(1);
      expect(me?.orders?.edges[0]?.node).toMatchObject({
        id: orderId,
        status: "CONFIRMED",
        // Shipping for 2,820 g to a STANDARD postal code: $12.99 (shipping-rates.ts).
        total: { cents: 2 * earbuds.priceCents + skillet.priceCents + 1299 },
        items: [
          { productName: earbuds.name, quantity: 2 },
          { productName: skillet.name, quantity: 1 },
        ],
      });
    });

    it("OrderDetails shows lines, address, payment, shipment and history from five subgraphs", async () => {
      const { order } = await send(OrderDetailsDocument, { id: orderId }, tokens.alice);
      expect(order).toMatchObject({
        id: orderId,
        shippingAddress: { ...ADDRESS, line2: null },
        payment: { status: "CAPTURED", amount: { cents: 2 * earbuds.priceCents + skillet.priceCents + 1299 }, declineReason: null },
        shipment: { status: "PENDING" },
      });
      expect(order?.events.map((event) => event.type)).toEqual(["ORDER_PLACED", "INVENTORY_RESERVED", "PAYMENT_CAPTURED", "ORDER_CONFIRMED", "SHIPMENT_CREATED"]);
      expect(order?.items.map((item) => [item.product?.id, item.product?.inStock, item.unitPrice.formatted, item.subtotal.cents])).toEqual([
        [earbuds.id, true, "$79.99", 2 * earbuds.priceCents],
        [skillet.id, true, "$42.00", skillet.priceCents],
      ]);
    });

    it("OrderStatus answers the polling client with the status and the saga's steps", async () => {
      const { order } = await send(OrderStatusDocument, { id: orderId }, tokens.alice);
      expect(order).toMatchObject({ id: orderId, status: "CONFIRMED", failureCode: null, saga: { status: "COMPLETED" }, payment: { status: "CAPTURED" } });
      expect(order?.saga.steps.map((step) => [step.name, step.status])).toEqual([
        ["RESERVE_INVENTORY", "SUCCEEDED"],
        ["CHARGE_PAYMENT", "SUCCEEDED"],
        ["CONFIRM_ORDER", "SUCCEEDED"],
        ["CREATE_SHIPMENT", "SUCCEEDED"],
      ]);
    });

    it("Notifications lists what the customer was told, linked to the order", async () => {
      const { me } = await send(NotificationsDocument, { unreadOnly: true }, tokens.alice);
      // Newest first: the confirmation, then the welcome alice's seeded account got.
      expect(me?.notifications).toEqual([
        expect.objectContaining({ kind: "ORDER_CONFIRMED", title: "Your order is confirmed", readAt: null, order: { id: orderId, status: "CONFIRMED" } }),
        expect.objectContaining({ kind: "WELCOME", title: "Welcome, Alice Example!", readAt: null, order: null }),
      ]);
    });

    it("AdminOrders lists orders by status with their customer", async () => {
      const { orders } = await send(AdminOrdersDocument, { status: "CONFIRMED" }, tokens.admin);
      expect(orders.totalCount).toBe(1);
      expect(orders.edges[0]?.node).toMatchObject({ id: orderId, user: { id: aliceId, email: "alice@shop.local" }, payment: { status: "CAPTURED" }, shipment: { status: "PENDING" } });
      expect((await send(AdminOrdersDocument, { status: "PENDING" }, tokens.admin)).orders.totalCount).toBe(0);
    });
  });
});

describe("admin operations", () => {
  it("AdminCatalogue lists every product by name with its stock levels", async () => {
    const { products } = await send(AdminCatalogueDocument, { first: 100 }, tokens.admin);
    expect(products.totalCount).toBe(DEMO_PRODUCTS.length);
    const names = products.edges.map((edge) => edge.node.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const spiceGrinder = products.edges.find((edge) => edge.node.sku === "KT-3008")!.node;
    expect(spiceGrinder).toMatchObject({ inStock: false, inventory: { onHand: 0, reserved: 0, available: 0 } });
  });

  it("CreateProduct then Restock puts a new product in stock", async () => {
    const input = { sku: "OPS-1", name: "Operations Lamp", description: "Made by the e2e test", priceCents: 2999, weightGrams: 700, categorySlug: "kitchen" };
    const { createProduct } = await send(CreateProductDocument, { input }, tokens.admin);
    expect(createProduct).toMatchObject({ sku: "OPS-1", price: { formatted: "$29.99" }, category: { slug: "kitchen" }, inStock: false, inventory: { onHand: 0 } });
    const { restock } = await send(RestockDocument, { productId: createProduct.id, quantity: 25 }, tokens.admin);
    expect(restock).toEqual({ onHand: 25, reserved: 0, available: 25 });
    const { product } = await send(ProductPageDocument, { id: createProduct.id }, tokens.admin);
    expect(product).toMatchObject({ inStock: true, inventory: { available: 25 } });
  });
});

describe("catalogue administration operations", () => {
  it("UpdateProduct reprices a product; an order taking it under the low-stock threshold shows in AdminNotifications", async () => {
    const input = { sku: "OPS-2", name: "Operations Jug", description: "Made by the e2e test", priceCents: 1999, weightGrams: 900, categorySlug: "kitchen" };
    const { createProduct } = await send(CreateProductDocument, { input }, tokens.admin);
    const { restock } = await send(RestockDocument, { productId: createProduct.id, quantity: 6, idempotencyKey: "ops-2-first-delivery" }, tokens.admin);
    expect(restock.onHand).toBe(6);
    const { updateProduct } = await send(UpdateProductDocument, { id: createProduct.id, input: { priceCents: 2499, name: "Operations Jug XL" } }, tokens.admin);
    expect(updateProduct).toMatchObject({ name: "Operations Jug XL", price: { formatted: "$24.99" }, weightGrams: 900 });
    await placeSettledOrder(request, { token: tokens.alice, adminToken: tokens.admin, items: [{ productId: createProduct.id, quantity: 2 }] });
    const alert = await waitFor("the LOW_STOCK alert", async () => {
      const { me } = await send(AdminNotificationsDocument, {}, tokens.admin);
      return me?.notifications?.find((note) => note.kind === "LOW_STOCK" && note.product?.id === createProduct.id);
    });
    expect(alert.product).toMatchObject({ sku: "OPS-2", name: "Operations Jug XL", inventory: { available: 4 } });
  });
});

describe("checkout operations", () => {
  /** Polls OrderStatus (bounded) until the order's saga has ended, as a storefront does after checkout. */
  async function pollUntilSettled(id: string) {
    const read = async () => (await send(OrderStatusDocument, { id }, tokens.alice)).order;
    await waitFor(`order ${id} to settle`, async () => {
      const order = await read();
      return order !== null && ["COMPLETED", "COMPENSATED"].includes(order.saga.status);
    });
    // Once the saga has ended, one more read sees order and saga from the same moment.
    return (await read())!;
  }
  const checkout = (quantity: number) => ({
    input: { items: [{ productId: earbuds.id, quantity }], shippingAddress: ADDRESS, paymentToken: "tok_visa" },
  });

  it("PlaceOrder answers PENDING at once; OrderStatus then shows it confirmed", async () => {
    const { placeOrder } = await send(PlaceOrderDocument, checkout(1), tokens.alice);
    expect(placeOrder.status).toBe("PENDING");
    expect(await pollUntilSettled(placeOrder.id)).toMatchObject({ status: "CONFIRMED", saga: { status: "COMPLETED" }, payment: { status: "CAPTURED" } });
    const { advanceShipment } = await send(AdvanceShipmentDocument, { orderId: placeOrder.id }, tokens.admin);
    expect(advanceShipment).toMatchObject({ status: "SHIPPED", carrier: expect.any(String), trackingNumber: expect.any(String) });
  });

  it("CancelOrder cancels a confirmed order, and MarkNotificationRead marks what the customer was told", async () => {
    const { placeOrder } = await send(PlaceOrderDocument, checkout(2), tokens.alice);
    await pollUntilSettled(placeOrder.id);
    const { cancelOrder } = await send(CancelOrderDocument, { id: placeOrder.id }, tokens.alice);
    expect(cancelOrder.status).toBe("CANCELLED");
    const told = await waitFor("the cancellation notice", async () => {
      const { me } = await send(NotificationsDocument, { unreadOnly: true }, tokens.alice);
      return me?.notifications?.find((note) => note.kind === "ORDER_CANCELLED" && note.order?.id === placeOrder.id);
    });
    const { markNotificationRead } = await send(MarkNotificationReadDocument, { id: told.id }, tokens.alice);
    expect(markNotificationRead).toEqual({ id: told.id, readAt: expect.any(String) });
    const { me } = await send(NotificationsDocument, { unreadOnly: true }, tokens.alice);
    expect(me?.notifications?.map((note) => note.id)).not.toContain(told.id);
  });
});

describe("account operations", () => {
  it("RefreshSession rotates the pair, ChangePassword returns a new one, LogOut ends it", async () => {
    const email = "operations-account@example.com";
    const { signUp } = await send(SignUpDocument, { input: { email, password: "first-password", name: "Account Tester" } });
    expect(new Date(signUp.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const { refreshToken: refreshed } = await send(RefreshSessionDocument, { refreshToken: signUp.refreshToken });
    expect(refreshed.user.id).toBe(signUp.user.id);
    expect(refreshed.refreshToken).not.toBe(signUp.refreshToken);
    const { changePassword } = await send(ChangePasswordDocument, { currentPassword: "first-password", newPassword: "second-password" }, refreshed.token);
    expect(changePassword.user).toMatchObject({ id: signUp.user.id, email });
    expect(await send(LogOutDocument, { refreshToken: changePassword.refreshToken }, changePassword.token)).toEqual({ logOut: true });
  });

  it("UpdateProfile renames; SaveAddress, SavedAddresses and DeleteAddress keep the address book", async () => {
    const { signUp } = await send(SignUpDocument, { input: { email: "operations-addresses@example.com", password: "first-password", name: "Address Tester" } });
    const { updateProfile } = await send(UpdateProfileDocument, { input: { name: "Renamed Tester" } }, signUp.token);
    expect(updateProfile.name).toBe("Renamed Tester");
    const { saveAddress } = await send(SaveAddressDocument, { input: ADDRESS, label: "Home" }, signUp.token);
    expect(saveAddress).toMatchObject({ label: "Home", address: { ...ADDRESS, line2: null } });
    expect((await send(SavedAddressesDocument, {}, signUp.token)).me?.addresses).toEqual([saveAddress]);
    expect(await send(DeleteAddressDocument, { id: saveAddress.id }, signUp.token)).toEqual({ deleteAddress: true });
    expect((await send(SavedAddressesDocument, {}, signUp.token)).me?.addresses).toEqual([]);
  });
});

describe("cart operations", () => {
  it("AddToCart, SetCartLineQuantity and SetCartPostalCode fill a guest cart; Cart reads it; MergeGuestCart and Checkout finish it", async () => {
    const added = (await send(AddToCartDocument, { productId: earbuds.id, quantity: 2 })).addToCart;
    expect(added).toMatchObject({ lines: [{ productId: earbuds.id, quantity: 2, unitPrice: { formatted: "$79.99" } }], shippingCost: null });
    const guestId = added.id;
    await send(AddToCartDocument, { cartId: guestId, productId: skillet.id, quantity: 1 });
    const fewer = (await send(SetCartLineQuantityDocument, { cartId: guestId, productId: earbuds.id, quantity: 1 })).setCartLineQuantity;
    expect(fewer.lines.map((line) => line.quantity)).toEqual([1, 1]);
    // 60 g + 2,700 g = 2,760 g to a STANDARD postal code: $12.99 (shipping-rates.ts).
    const priced = (await send(SetCartPostalCodeDocument, { cartId: guestId, postalCode: "12345" })).setCartPostalCode;
    expect(priced).toMatchObject({ subtotal: { cents: 12199 }, shippingCost: { formatted: "$12.99" }, total: { cents: 12199 + 1299 } });
    expect((await send(CartDocument, { id: guestId })).cart).toEqual(priced);

    const { signUp } = await send(SignUpDocument, { input: { email: "cart-operations@example.com", password: "at-least-8-chars", name: "Cart Tester" } });
    const merged = (await send(MergeGuestCartDocument, { cartId: guestId }, signUp.token)).mergeGuestCart;
    expect(merged.lines.map((line) => [line.productId, line.quantity])).toEqual([
      [earbuds.id, 1],
      [skillet.id, 1],
    ]);
    const { checkout } = await send(CheckoutDocument, { input: { shippingAddress: ADDRESS, paymentToken: "tok_visa" } }, signUp.token);
    expect(checkout).toMatchObject({ status: "PENDING", subtotal: { cents: 12199 }, shippingCost: { cents: 1299 }, total: { cents: 13498 } });
    expect((await send(CartDocument, {}, signUp.token)).cart?.lines).toEqual([]);
  });
});

describe("live operations (graphql-ws on /graphql)", () => {
  /** A generated subscription document's manifest body (checked to be its printed text), marked as run. */
  function liveBody(document: TypedDocumentNode<unknown, never>): string {
    const name = getOperationAST(document)?.name?.value;
    const persisted = manifest.operations.find((operation) => operation.name === name)!;
    expect(print(document)).toBe(persisted.body);
    exercised.add(persisted.name);
    return persisted.body;
  }

  const order = { input: { items: [{ productId: earbuds.id, quantity: 1 }], shippingAddress: ADDRESS, paymentToken: "tok_visa" } };

  it("OrderUpdated answers with the order at once; NotificationAdded tells of a new notification", async () => {
    const client = liveClient(supergraph.gateway.graphqlUrl, tokens.alice);
    try {
      const told = subscribe<{ notificationAdded: { kind: string; order: { id: string } | null } }>(client, liveBody(NotificationAddedDocument as TypedDocumentNode<unknown, never>));
      const { placeOrder: earlier } = await send(PlaceOrderDocument, order, tokens.alice);
      // Once this first answer is in, the connection is up and NotificationAdded (sent before it) has begun.
      const live = subscribe<{ orderUpdated: { id: string; items: Array<{ product: { id: string } | null }> } }>(client, liveBody(OrderUpdatedDocument as TypedDocumentNode<unknown, never>), { id: earlier.id });
      const first = await live.waitForResult("OrderUpdated's first answer", () => true);
      expect(first.orderUpdated).toMatchObject({ id: earlier.id, items: [{ product: { id: earbuds.id } }] });
      const { placeOrder } = await send(PlaceOrderDocument, order, tokens.alice);
      await told.waitForResult("ORDER_CONFIRMED", ({ notificationAdded }) => notificationAdded.kind === "ORDER_CONFIRMED" && notificationAdded.order?.id === placeOrder.id);
    } finally {
      await client.dispose();
    }
  });
});

describe("the persisted-operation manifest", () => {
  it("has had every one of its operations run above", () => {
    expect([...exercised].sort()).toEqual(manifest.operations.map((operation) => operation.name).sort());
  });
});
