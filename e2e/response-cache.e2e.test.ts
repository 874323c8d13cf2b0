import { randomUUID } from "node:crypto";
import { responseCacheRequests, subgraphFetches } from "../gateway/src/metrics";
import {
  placeSettledOrder,
  type GatewayRequest,
  type RunningSupergraph,
  startDemoShop,
  type DemoShop,
} from "../packages/testing";

// The gateway's response cache through the real supergraph: a warm hit calls no subgraph, and every
// change that makes a cached answer stale (updateProduct, restock, a checkout's reservation) is seen by
// the very next read, with no waiting; answers that depend on the caller are never cached.
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

const PRODUCT = `query Product($id: ID!) {
  product(id: $id) { id name price { cents } category { slug } inventory { onHand reserved available } inStock shippingEstimate(postalCode: "10115") { cents } }
}`;

interface ProductView {
  id: string;
  name: string;
  price: { cents: number };
  inventory: { onHand: number; reserved: number; available: number };
}

async function total(metric: typeof subgraphFetches, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await metric.get();
  return values.filter((value) => Object.entries(labels).every(([name, wanted]) => (value.labels as Record<string, unknown>)[name] === wanted)).reduce((sum, value) => sum + value.value, 0);
}

/** One read of the product, with the subgraph calls it cost and what the cache did. */
async function readProduct(id: string, token?: string): Promise<{ product: ProductView; subgraphCalls: number; hits: number }> {
  const [callsBefore, hitsBefore] = [await total(subgraphFetches), await total(responseCacheRequests, { outcome: "hit" })];
  const { body } = await request<{ product: ProductView }>(PRODUCT, { id }, token ? { token } : {});
  expect(body.errors).toBeUndefined();
  return {
    product: body.data!.product,
    subgraphCalls: (await total(subgraphFetches)) - callsBefore,
    hits: (await total(responseCacheRequests, { outcome: "hit" })) - hitsBefore,
  };
}

/** A new product of the admin's with `stock` units, read once so that its answer is cached. */
async function cachedProduct(stock: number): Promise<string> {
  const input = { sku: `CACHE-${randomUUID().slice(0, 8)}`, name: "Cached Mug", description: "Blue", priceCents: 1_500, weightGrams: 350, categorySlug: "kitchen" };
  const { body } = await request<{ createProduct: { id: string } }>(`mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input }, { token: tokens.admin });
  const id = body.data!.createProduct.id;
  await restock(id, stock);
  const first = await readProduct(id);
  expect(first.subgraphCalls).toBeGreaterThan(0);
  return id;
}

async function restock(productId: string, quantity: number): Promise<void> {
  const { body } = await request(`mutation ($productId: ID!, $quantity: Int!) { restock(productId: $productId, quantity: $quantity) { onHand } }`, { productId, quantity }, { token: tokens.admin });
  expect(body.errors).toBeUndefined();
}

describe("response cache", () => {
  it("answers a warm public query from Redis without calling any subgraph, for anyone", async () => {
    const id = await cachedProduct(5);
    const warm = await readProduct(id);
    expect(warm).toMatchObject({ subgraphCalls: 0, hits: 1 });
    // Public data is the same for every caller: a signed-in customer gets the same stored answer.
    const signedIn = await readProduct(id, tokens.alice);
    expect(signedIn).toMatchObject({ subgraphCalls: 0, hits: 1, product: warm.product });
  });

  it("shows an updateProduct in the very next read", async () => {
    const id = await cachedProduct(5);
    const { body } = await request(`mutation ($id: ID!) { updateProduct(id: $id, input: { priceCents: 2345, name: "Repriced Mug" }) { id } }`, { id }, { token: tokens.admin });
    expect(body.errors).toBeUndefined();
    const next = await readProduct(id);
    expect(next.product).toMatchObject({ name: "Repriced Mug", price: { cents: 2345 } });
    expect(next.hits).toBe(0);
    // ...and that answer is cached in turn.
    expect(await readProduct(id)).toMatchObject({ subgraphCalls: 0, product: next.product });
  });

  it("shows a restock in the very next read", async () => {
    const id = await cachedProduct(5);
    await restock(id, 7);
    expect((await readProduct(id)).product.inventory).toEqual({ onHand: 12, reserved: 0, available: 12 });
  });

  it("shows a checkout's reservation in the first read after the saga settled", async () => {
    const id = await cachedProduct(5);
    // Polls the order only: the product's cached answer is not read again until the saga is done.
    const { order } = await placeSettledOrder(request, { token: tokens.alice, adminToken: tokens.admin, items: [{ productId: id, quantity: 2 }] });
    expect(order.status).toBe("CONFIRMED");
    expect((await readProduct(id)).product.inventory).toEqual({ onHand: 5, reserved: 2, available: 3 });
  });

  it("keeps a product's cached stock while other products are restocked and reserved", async () => {
    const [kept, busy] = [await cachedProduct(5), await cachedProduct(5)];
    // Creating `busy` changed the catalogue (products versions it as a whole): `kept` is read and stored again.
    await readProduct(kept);
    await restock(busy, 3);
    const { order } = await placeSettledOrder(request, { token: tokens.alice, adminToken: tokens.admin, items: [{ productId: busy, quantity: 1 }] });
    expect(order.status).toBe("CONFIRMED");
    expect(await readProduct(kept)).toMatchObject({ subgraphCalls: 0, hits: 1, product: { inventory: { onHand: 5, reserved: 0, available: 5 } } });
    expect((await readProduct(busy)).product.inventory).toEqual({ onHand: 8, reserved: 1, available: 7 });
  });

  it("holds an answer that shows stock without the product's id to every stock change, to stay correct", async () => {
    const [shown, other] = [await cachedProduct(5), await cachedProduct(5)];
    const STOCK_ONLY = `query StockOnly($id: ID!) { product(id: $id) { inventory { available } } }`;
    const read = async () => {
      const before = await total(subgraphFetches);
      const { body } = await request<{ product: { inventory: { available: number } } }>(STOCK_ONLY, { id: shown });
      return { available: body.data!.product.inventory.available, subgraphCalls: (await total(subgraphFetches)) - before };
    };
    expect((await read()).subgraphCalls).toBeGreaterThan(0);
    expect(await read()).toEqual({ available: 5, subgraphCalls: 0 });
    // It cannot tell which product it shows, so another product's restock makes it read again.
    await restock(other, 1);
    expect((await read()).subgraphCalls).toBeGreaterThan(0);
    await restock(shown, 2);
    expect((await read()).available).toBe(7);
  });

  it("never caches what depends on the caller: each customer reads their own account", async () => {
    const ME = `query Me { me { email } categories { slug } }`;
    for (let round = 0; round < 2; round += 1) {
      for (const [token, email] of [[tokens.alice, "alice@shop.local"], [tokens.bob, "bob@shop.local"]] as const) {
        const uncacheableBefore = await total(responseCacheRequests, { outcome: "uncacheable" });
        const { body } = await request<{ me: { email: string } }>(ME, {}, { token });
        expect(body.data?.me.email).toBe(email);
        expect((await total(responseCacheRequests, { outcome: "uncacheable" })) - uncacheableBefore).toBe(1);
      }
    }
  });

  it("tells clients not to keep answers themselves: only the gateway's copy can be invalidated", async () => {
    const id = await cachedProduct(3);
    const response = await fetch(supergraph.gateway.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: PRODUCT, variables: { id } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("never stores an answer with errors", async () => {
    // More than a page may hold: products answers BAD_USER_INPUT, so each asking reaches it again.
    const tooMany = `query TooMany { products(first: 1000) { totalCount } }`;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const before = await total(subgraphFetches);
      const { body } = await request(tooMany, {});
      expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect((await total(subgraphFetches)) - before).toBe(1);
    }
  });

});
