import { randomUUID } from "node:crypto";
import { DEMO_PRODUCTS } from "../../../../packages/demo-catalogue";
import type { Caller } from "../../../../packages/identity";
import { createLogger } from "../../../../packages/logging";
import { messageHeaders } from "../../../../packages/shop-messages";
import {
  createTestDatabase,
  seedDemoShop,
  startSupergraph,
  TEST_SAGA_TIMING,
  TEST_SIGNING_SECRET,
  waitFor,
  type RunningSupergraph,
  type TestDatabase,
} from "../../../../packages/testing";
import { subgraphClient, type SubgraphClient } from "../../../../packages/subgraph-client";
import { productCatalogClient } from "../clients/product-catalog";
import { shippingQuotesClient } from "../clients/shipping-quotes";
import { HOME } from "../test-fixtures";
import { startGuestCartSweeper } from "../workers/guest-cart-sweeper";
import { claimCartAtVersion, findCartById } from "../repositories/cart-repository";
import { createPrismaClient, type OrdersPrisma } from "../repositories/prisma-client";
import { createCartCheckout } from "./cart-checkout";
import { createCartService } from "./cart-service";
import { createCheckoutService } from "./checkout-service";

// Carts against a real orders database, with the real products and shipping subgraphs answering the
// catalogue and shipping calls over signed HTTP, as they do in production.
jest.setTimeout(60_000);

const TTL_MS = 60_000;
let database: TestDatabase;
let prisma: OrdersPrisma;
let services: RunningSupergraph;
let carts: ReturnType<typeof createCartService>;
let cartCheckout: ReturnType<typeof createCartCheckout>;

const earbuds = DEMO_PRODUCTS.find((product) => product.sku === "EL-1001")!;
const skillet = DEMO_PRODUCTS.find((product) => product.sku === "KT-3002")!;
const customer = (): Caller => ({ userId: randomUUID(), role: "CUSTOMER" });
const headers = () => messageHeaders({ requestId: randomUUID() });
let calls: SubgraphClient[] = [];

beforeAll(async () => {
  // The two subgraphs orders calls, each with its own database (the harness starts a gateway in front too).
  services = await startSupergraph(["products", "shipping"]);
  await seedDemoShop(services, { customers: false, stock: false });
  database = await createTestDatabase("orders");
  prisma = createPrismaClient(database.url);
  const callTo = (target: string, url: string) => subgraphClient({ caller: "orders", target, url, signingSecret: TEST_SIGNING_SECRET });
  calls = [callTo("products", services.subgraphs.products!.app.graphqlUrl), callTo("shipping", services.subgraphs.shipping!.app.graphqlUrl)];
  const catalog = productCatalogClient(calls[0]!);
  const quotes = shippingQuotesClient(calls[1]!);
  carts = createCartService({ prisma, catalog, shipping: quotes, guestCartTtlMs: TTL_MS });
  const checkout = createCheckoutService({ prisma, catalog, shipping: quotes, timing: TEST_SAGA_TIMING });
  cartCheckout = createCartCheckout({ prisma, carts, checkout });
});

afterAll(async () => {
  for (const call of calls) call.shutdown();
  await prisma?.$disconnect();
  await database?.drop();
  await services?.stop();
});

const codeOf = async (promise: Promise<unknown>) => promise.then(() => "resolved", (error: { code?: string }) => error.code ?? String(error));

describe("checkout from a cart", () => {
  it("places exactly one order when one cart is checked out five times at once, and empties the cart once", async () => {
    const alice = customer();
    await carts.addToCart(alice, null, earbuds.id, 2);
    const cart = (await carts.cartFor(alice, null))!;
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => cartCheckout.checkoutCart(alice, { shippingAddress: HOME, paymentToken: "tok_visa" }, headers())),
    );
    const placed = results.filter((result) => result.status === "fulfilled");
    expect(placed).toHaveLength(1);
    for (const refused of results.filter((result) => result.status === "rejected")) expect(refused.reason).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(await prisma.order.count({ where: { userId: alice.userId } })).toBe(1);
    const order = await prisma.order.findFirstOrThrow({ where: { userId: alice.userId } });
    expect(order).toMatchObject({ subtotalCents: 2 * earbuds.priceCents, totalCents: order.subtotalCents + order.shippingCents });
    expect(order.shippingCents).toBeGreaterThan(0);
    // One saga started: one ReserveStock command in the outbox.
    expect(await prisma.outboxMessage.count({ where: { type: "ReserveStock", payload: { path: ["orderId"], equals: order.id } } })).toBe(1);
    expect((await findCartById(prisma, cart.id))!.lines).toEqual([]);
  });

  it("claims a cart only at the version that was priced: a changed cart keeps its lines", async () => {
    const bob = customer();
    const cart = await carts.addToCart(bob, null, skillet.id, 1);
    await carts.addToCart(bob, null, earbuds.id, 1);
    const claimed = await prisma.$transaction((tx) => claimCartAtVersion(tx, cart.id, cart.version));
    expect(claimed).toBe(false);
    expect((await findCartById(prisma, cart.id))!.lines).toHaveLength(2);
  });

  it("refuses an empty cart and another user's cart, placing nothing", async () => {
    const carol = customer();
    const dave = customer();
    const davesCart = await carts.addToCart(dave, null, skillet.id, 1);
    expect(await codeOf(cartCheckout.checkoutCart(carol, { shippingAddress: HOME, paymentToken: "tok_visa" }, headers()))).toBe("BAD_USER_INPUT");
    expect(await codeOf(cartCheckout.checkoutCart(carol, { cartId: davesCart.id, shippingAddress: HOME, paymentToken: "tok_visa" }, headers()))).toBe("NOT_FOUND");
    expect(await codeOf(cartCheckout.checkoutCart(null, { shippingAddress: HOME, paymentToken: "tok_visa" }, headers()))).toBe("UNAUTHENTICATED");
    expect(await prisma.order.count({ where: { userId: { in: [carol.userId, dave.userId] } } })).toBe(0);
    expect((await findCartById(prisma, davesCart.id))!.lines).toHaveLength(1);
  });
});

describe("mergeGuestCart", () => {
  it("adds quantities up (capped at 100), keeps the user's postal code, and deletes the guest cart in one go", async () => {
    const erin = customer();
    const guest = await carts.addToCart(null, null, earbuds.id, 60);
    await carts.addToCart(null, guest.id, skillet.id, 1);
    await carts.setCartPostalCode(null, guest.id, "99501");
    await carts.addToCart(erin, null, earbuds.id, 70);
    const merged = await carts.mergeGuestCart(erin, guest.id);
    expect(merged.lines).toEqual([
      { productId: earbuds.id, quantity: 100 },
      { productId: skillet.id, quantity: 1 },
    ]);
    expect(merged.postalCode).toBe("99501");
    expect(await findCartById(prisma, guest.id)).toBeNull();
    expect(await codeOf(carts.mergeGuestCart(erin, guest.id))).toBe("NOT_FOUND");
  });

  it("refuses another user's cart as a guest cart, changing neither", async () => {
    const frank = customer();
    const grace = customer();
    const gracesCart = await carts.addToCart(grace, null, skillet.id, 3);
    expect(await codeOf(carts.mergeGuestCart(frank, gracesCart.id))).toBe("NOT_FOUND");
    expect((await findCartById(prisma, gracesCart.id))!.lines).toEqual([{ productId: skillet.id, quantity: 3 }]);
    // Not even frank's own cart, which the merge would have created: the refusal rolled it back.
    expect(await carts.cartFor(frank, null)).toBeNull();
  });
});

describe("guest cart expiry", () => {
  it("finds no expired guest cart, and the sweep deletes expired ones only (users' carts never expire)", async () => {
    const stale = await carts.addToCart(null, null, earbuds.id, 1);
    const fresh = await carts.addToCart(null, null, earbuds.id, 1);
    const henry = customer();
    const own = await carts.addToCart(henry, null, earbuds.id, 1);
    const longAgo = new Date(Date.now() - 2 * TTL_MS);
    await prisma.cart.updateMany({ where: { id: { in: [stale.id, own.id] } }, data: { updatedAt: longAgo } });
    expect(await carts.cartFor(null, stale.id)).toBeNull();
    expect(await codeOf(carts.addToCart(null, stale.id, earbuds.id, 1))).toBe("NOT_FOUND");

    const stop = startGuestCartSweeper(prisma, { ttlMs: TTL_MS, sweepIntervalMs: 50 }, createLogger("orders", "silent"));
    try {
      await waitFor("the expired guest cart to be swept", async () => (await findCartById(prisma, stale.id)) === null);
    } finally {
      await stop();
    }
    expect(await findCartById(prisma, fresh.id)).not.toBeNull();
    expect(await carts.cartFor(henry, null)).toMatchObject({ id: own.id, lines: [{ productId: earbuds.id, quantity: 1 }] });
  });
});
