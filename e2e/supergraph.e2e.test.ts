import { DEMO_CATEGORIES, DEMO_PRODUCTS } from "../packages/demo-catalogue";
import {
  gatewayClient,
  placeSettledOrder,
  startSupergraph,
  waitForNotification,
  type GatewayRequest,
  type RunningSupergraph,
  logInThrough,
  seedDemoShop,
} from "../packages/testing";
import { DOMAINS } from "../packages/config";
import { DEMO_CUSTOMER_PASSWORD } from "../subgraphs/users/src/seed";

// The read side of the client contract through the gateway, over all seven subgraphs with their own
// databases. The order is placed as a customer places one (placeOrder, then the checkout saga over the
// harness's workers), so payment, shipment, events and notifications are what the real flow leaves.
let supergraph: RunningSupergraph;
let request: GatewayRequest;
const tokens = { admin: "", alice: "", bob: "" };
const ids = { alice: "", bob: "", order: "" };
const ADMIN_PASSWORD = "admin-e2e-password";
const earbuds = DEMO_PRODUCTS.find((product) => product.sku === "EL-1001")!;
const skillet = DEMO_PRODUCTS.find((product) => product.sku === "KT-3002")!;

async function logIn(email: string, password: string): Promise<{ token: string; id: string }> {
  const { token, userId } = await logInThrough(request, email, password);
  return { token, id: userId };
}

beforeAll(async () => {
  supergraph = await startSupergraph();
  request = gatewayClient(supergraph.gateway.graphqlUrl);
  await seedDemoShop(supergraph, { adminPassword: ADMIN_PASSWORD });
  tokens.admin = (await logIn("admin@shop.local", ADMIN_PASSWORD)).token;
  ({ token: tokens.alice, id: ids.alice } = await logIn("alice@shop.local", DEMO_CUSTOMER_PASSWORD));
  ({ token: tokens.bob, id: ids.bob } = await logIn("bob@shop.local", DEMO_CUSTOMER_PASSWORD));
}, 120_000);

afterAll(async () => {
  await supergraph?.stop();
});

describe("the catalogue", () => {
  it("lists categories and answers a product with fields from four subgraphs", async () => {
    const { body } = await request<any>(
      `query ($id: ID!) {
        categories { slug name }
        product(id: $id) {
          id sku name description weightGrams createdAt
          price { cents currency formatted }
          category { slug name }
          inventory { onHand reserved available }
          inStock
          shippingEstimate(postalCode: "12345") { cents currency formatted }
          remote: shippingEstimate(postalCode: "99501") { cents }
        }
      }`,
      { id: earbuds.id },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.categories.map((category: { slug: string }) => category.slug).sort()).toEqual(DEMO_CATEGORIES.map((c) => c.slug).sort());
    expect(body.data.product).toMatchObject({
      sku: "EL-1001",
      price: { cents: 7999, currency: "USD", formatted: "$79.99" },
      category: { slug: "electronics" },
      inventory: { onHand: 120, reserved: 0, available: 120 },
      inStock: true,
      shippingEstimate: { cents: 399, currency: "USD", formatted: "$3.99" },
      remote: { cents: 899 },
    });
  });

  it("walks every page of a sorted listing with opaque cursors", async () => {
    const seen: Array<{ id: string; price: { cents: number } }> = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const response: { body: any } = await request<any>(
        `query ($after: String) { products(sort: PRICE_ASC, first: 7, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id price { cents } } } } }`,
        { after },
      );
      const connection = response.body.data.products;
      expect(connection.totalCount).toBe(DEMO_PRODUCTS.length);
      seen.push(...connection.edges.map((edge: { node: { id: string; price: { cents: number } } }) => edge.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(DEMO_PRODUCTS.length);
    expect(new Set(seen.map((product) => product.id)).size).toBe(DEMO_PRODUCTS.length);
    const prices = seen.map((product) => product.price.cents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it("filters by search, category and price, and pages a category's products", async () => {
    const { body } = await request<any>(`{
      search: products(filter: { search: "SKILLET" }) { totalCount edges { node { sku } } }
      cheapBooks: products(filter: { categorySlug: "books", maxPriceCents: 2500 }) { totalCount edges { node { category { slug } price { cents } } } }
      categories { slug products(first: 2) { totalCount edges { node { category { slug } } } } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.search).toEqual({ totalCount: 1, edges: [{ node: { sku: "KT-3002" } }] });
    for (const edge of body.data.cheapBooks.edges) {
      expect(edge.node.category.slug).toBe("books");
      expect(edge.node.price.cents).toBeLessThanOrEqual(2500);
    }
    for (const category of body.data.categories) {
      expect(category.products.edges.length).toBeLessThanOrEqual(2);
      for (const edge of category.products.edges) expect(edge.node.category.slug).toBe(category.slug);
    }
  });

  it("refuses page sizes outside 0..100 and foreign cursors with BAD_USER_INPUT", async () => {
    for (const query of ["{ products(first: 101) { totalCount } }", "{ products(first: -1) { totalCount } }", `{ products(after: "bm9wZQ") { totalCount } }`]) {
      const { body } = await request(query);
      expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });
});

describe("admin work on the catalogue", () => {
  const CREATE = `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id sku price { formatted } category { slug } inventory { onHand } inStock } }`;
  const RESTOCK = `mutation ($productId: ID!, $quantity: Int!) { restock(productId: $productId, quantity: $quantity) { onHand reserved available } }`;
  const input = { sku: "E2E-1", name: "Test Lamp", description: "A lamp", priceCents: 1999, weightGrams: 800, categorySlug: "kitchen" };

  it("creates a product and restocks it; the product then shows its stock", async () => {
    const created = await request<any>(CREATE, { input }, { token: tokens.admin });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createProduct).toMatchObject({ sku: "E2E-1", price: { formatted: "$19.99" }, inventory: { onHand: 0 }, inStock: false });
    const id = created.body.data.createProduct.id;
    const restocked = await request<any>(RESTOCK, { productId: id, quantity: 5 }, { token: tokens.admin });
    expect(restocked.body.data.restock).toEqual({ onHand: 5, reserved: 0, available: 5 });
    const { body } = await request<any>(`query ($id: ID!) { product(id: $id) { inventory { available } inStock } }`, { id });
    expect(body.data.product).toEqual({ inventory: { available: 5 }, inStock: true });
  });

  it.each([
    ["a negative price", { priceCents: -1 }],
    ["a negative weight", { weightGrams: -5 }],
    ["an unknown category", { categorySlug: "no-such-category" }],
    ["a duplicate SKU", { sku: "EL-1001" }],
  ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_case, change) => {
    const before = (await request<any>("{ products { totalCount } }")).body.data.products.totalCount;
    const { body } = await request(CREATE, { input: { ...input, sku: "E2E-REFUSED", ...change } }, { token: tokens.admin });
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await request<any>("{ products { totalCount } }")).body.data.products.totalCount).toBe(before);
  });

  it("keeps catalogue and stock changes to admins", async () => {
    expect((await request(CREATE, { input: { ...input, sku: "E2E-2" } })).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await request(CREATE, { input: { ...input, sku: "E2E-2" } }, { token: tokens.alice })).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await request(RESTOCK, { productId: earbuds.id, quantity: 1 })).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await request(RESTOCK, { productId: earbuds.id, quantity: 1 }, { token: tokens.bob })).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await request(RESTOCK, { productId: earbuds.id, quantity: 0 }, { token: tokens.admin })).body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("orders, payments, shipments and notifications", () => {
  // Placed here rather than in the outer beforeAll, so the catalogue tests above see the seeded stock.
  beforeAll(async () => {
    // The seeded customers' welcomes are told before anything about the order, so "newest first" below is
    // a fixed order.
    await waitForNotification(request, { token: tokens.alice, kind: "WELCOME" });
    await waitForNotification(request, { token: tokens.bob, kind: "WELCOME" });
    const { order } = await placeSettledOrder(request, {
      token: tokens.alice,
      items: [
        { productId: earbuds.id, quantity: 2 },
        { productId: skillet.id, quantity: 1 },
      ],
    });
    ids.order = order.id;
    await waitForNotification(request, { token: tokens.alice, kind: "ORDER_CONFIRMED", orderId: ids.order });
  });

  const ORDER = `query ($id: ID!) { order(id: $id) {
    id status failureCode failureReason createdAt updatedAt
    user { id name email }
    items { product { id name inventory { available } } productName unitPrice { formatted } quantity subtotal { cents } }
    subtotal { cents formatted }
    shippingCost { cents formatted }
    total { cents formatted }
    shippingAddress { line1 line2 city postalCode country }
    events { type at detail }
    saga { status steps { name status attempts error updatedAt } }
    payment { id status amount { cents } declineReason createdAt }
    shipment { id status carrier trackingNumber estimatedDelivery address { city } }
  } }`;

  it("shows the owner the whole order across six subgraphs", async () => {
    const { body } = await request<any>(ORDER, { id: ids.order }, { token: tokens.alice });
    expect(body.errors).toBeUndefined();
    const order = body.data.order;
    // Shipping for 2 x 60 g + 2,700 g = 2,820 g to a STANDARD postal code is $12.99 (shipping-rates.ts).
    const total = 2 * earbuds.priceCents + skillet.priceCents + 1299;
    expect(order).toMatchObject({
      id: ids.order,
      status: "CONFIRMED",
      failureCode: null,
      failureReason: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      user: { id: ids.alice, name: "Alice Example", email: "alice@shop.local" },
      subtotal: { cents: total - 1299, formatted: "$201.98" },
      shippingCost: { cents: 1299, formatted: "$12.99" },
      total: { cents: total, formatted: "$214.97" },
      shippingAddress: { line1: "1 Main St", line2: null, city: "Springfield", postalCode: "12345", country: "US" },
      saga: { status: "COMPLETED" },
      payment: { id: expect.any(String), status: "CAPTURED", amount: { cents: total }, declineReason: null, createdAt: expect.any(String) },
      shipment: { id: expect.any(String), status: "PENDING", address: { city: "Springfield" } },
    });
    // The saga's history, oldest first, each entry stamped.
    expect(order.events.map((event: { type: string }) => event.type)).toEqual([
      "ORDER_PLACED",
      "INVENTORY_RESERVED",
      "PAYMENT_CAPTURED",
      "ORDER_CONFIRMED",
      "SHIPMENT_CREATED",
    ]);
    for (const event of order.events) expect(event.at).toEqual(expect.any(String));
    // The two lines' units are reserved, so they are no longer available.
    expect(order.items).toEqual([
      { product: { id: earbuds.id, name: earbuds.name, inventory: { available: earbuds.stock - 2 } }, productName: earbuds.name, unitPrice: { formatted: "$79.99" }, quantity: 2, subtotal: { cents: 2 * earbuds.priceCents } },
      { product: { id: skillet.id, name: skillet.name, inventory: { available: skillet.stock - 1 } }, productName: skillet.name, unitPrice: { formatted: "$42.00" }, quantity: 1, subtotal: { cents: skillet.priceCents } },
    ]);
    expect(order.saga.steps.map((step: { name: string; status: string; error: string | null }) => [step.name, step.status, step.error])).toEqual([
      ["RESERVE_INVENTORY", "SUCCEEDED", null],
      ["CHARGE_PAYMENT", "SUCCEEDED", null],
      ["CONFIRM_ORDER", "SUCCEEDED", null],
      ["CREATE_SHIPMENT", "SUCCEEDED", null],
    ]);
  });

  it("hides the order from other customers, shows it to admins, and asks anonymous callers to sign in", async () => {
    expect((await request<any>(ORDER, { id: ids.order }, { token: tokens.bob })).body.data.order).toBeNull();
    const asAdmin = await request<any>(ORDER, { id: ids.order }, { token: tokens.admin });
    expect(asAdmin.body.data.order.user.email).toBe("alice@shop.local");
    expect((await request(ORDER, { id: ids.order })).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("lists orders for admins only, newest first, filtered by status", async () => {
    const LIST = `query ($status: OrderStatus) { orders(status: $status) { totalCount edges { node { id user { email } } } } }`;
    const confirmed = await request<any>(LIST, { status: "CONFIRMED" }, { token: tokens.admin });
    expect(confirmed.body.data.orders).toEqual({ totalCount: 1, edges: [{ node: { id: ids.order, user: { email: "alice@shop.local" } } }] });
    expect((await request<any>(LIST, {}, { token: tokens.admin })).body.data.orders.totalCount).toBe(1);
    expect((await request<any>(LIST, { status: "PENDING" }, { token: tokens.admin })).body.data.orders.totalCount).toBe(0);
    expect((await request(LIST, {}, { token: tokens.alice })).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await request(LIST)).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("answers me with the caller's order history and notifications", async () => {
    const ME = `{ me { id email role createdAt
      orders(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } } }
      notifications { id kind title body createdAt readAt order { id status } }
      unread: notifications(unreadOnly: true, first: 1) { id }
    } }`;
    const alice = await request<any>(ME, {}, { token: tokens.alice });
    expect(alice.body.errors).toBeUndefined();
    expect(alice.body.data.me).toMatchObject({
      id: ids.alice,
      role: "CUSTOMER",
      orders: { totalCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { id: ids.order, status: "CONFIRMED" } }] },
      // Newest first: the confirmation, then the welcome the seeded account got when it was created.
      notifications: [
        { kind: "ORDER_CONFIRMED", title: "Your order is confirmed", readAt: null, order: { id: ids.order, status: "CONFIRMED" } },
        { kind: "WELCOME", title: "Welcome, Alice Example!", readAt: null, order: null },
      ],
      unread: [{ id: alice.body.data.me.notifications[0].id }],
    });
    const bob = await request<any>(ME, {}, { token: tokens.bob });
    expect(bob.body.data.me).toMatchObject({ orders: { totalCount: 0, edges: [] }, notifications: [{ kind: "WELCOME", order: null }] });
  });
});

describe("batching across the supergraph", () => {
  const deep = (first: number) => `{ products(first: ${first}) { edges { node {
    id category { name } inventory { available } inStock shippingEstimate(postalCode: "12345") { cents }
  } } } }`;

  it("costs the same SQL statements per subgraph for 4 products as for 30", async () => {
    const countsFor = async (first: number) => {
      supergraph.resetQueryCounts();
      const { body } = await request<any>(deep(first));
      expect(body.data.products.edges).toHaveLength(first);
      return Object.fromEntries(Object.entries(supergraph.subgraphs).map(([domain, subgraph]) => [domain, subgraph!.queries.count]));
    };
    const few = await countsFor(4);
    const many = await countsFor(30);
    expect(many).toEqual(few);
    expect(few.inventory).toBe(1);
  });
});

describe("readiness", () => {
  it("reports ready when every subgraph and Redis answer, every breaker closed", async () => {
    const response = await fetch(`${supergraph.gateway.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", breakers: Object.fromEntries(DOMAINS.map((domain) => [domain, "closed"])) });
  });
});
