import { randomUUID } from "node:crypto";
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import {
  TEST_SHIPPING_ADDRESS,
  waitForOrder,
  type GatewayRequest,
  type RunningSupergraph,
  startDemoShop,
  type DemoShop,
} from "../packages/testing";
import type { OrdersPrisma } from "../subgraphs/orders/src/repositories/prisma-client";
import { shippingCents } from "../subgraphs/shipping/src/domain/shipping-rates";

// The server-side cart end to end: a guest fills a cart, sets a postal code (shipping prices it through the
// query plan), signs up, merges the guest cart into their own and checks out through the saga; the order
// charges subtotal + shipping and the cart is emptied once.
jest.setTimeout(120_000);

let supergraph: RunningSupergraph;
let request: GatewayRequest;
let tokens: DemoShop["tokens"];
const product = (sku: string) => DEMO_PRODUCTS.find((candidate) => candidate.sku === sku)!;
const earbuds = product("EL-1001");
const skillet = product("KT-3002");
const usb = product("EL-1003");

const CART_FIELDS = `id postalCode updatedAt
  lines { productId quantity product { id name } unitPrice { cents currency } subtotal { cents } }
  subtotal { cents currency } shippingCost { cents currency } total { cents currency }`;

interface CartView {
  id: string;
  postalCode: string | null;
  lines: Array<{ productId: string; quantity: number; product: { id: string; name: string } | null; unitPrice: { cents: number }; subtotal: { cents: number } }>;
  subtotal: { cents: number; currency: string };
  shippingCost: { cents: number; currency: string } | null;
  total: { cents: number; currency: string };
}

type Errors = Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> | undefined;
const codeOf = (errors: Errors) => errors?.[0]?.extensions?.code;

async function readCart(options: { id?: string; token?: string }) {
  const { body } = await request<{ cart: CartView | null }>(`query ($id: ID) { cart(id: $id) { ${CART_FIELDS} } }`, { id: options.id ?? null }, { token: options.token });
  expect(body.errors).toBeUndefined();
  return body.data!.cart;
}

/** A cart mutation's raw answer (data and errors). */
async function mutate(field: string, args: string, variables: Record<string, unknown>, token?: string) {
  const { body } = await request<Record<string, CartView>>(`mutation (${args}) { ${field} { ${CART_FIELDS} } }`, variables, { token });
  return { cart: body.data?.[field.slice(0, field.indexOf("("))] ?? null, errors: body.errors as Errors };
}

const addToCart = (variables: { cartId?: string | null; productId: string; quantity: number }, token?: string) =>
  mutate(`addToCart(cartId: $cartId, productId: $productId, quantity: $quantity)`, "$cartId: ID, $productId: ID!, $quantity: Int!", { cartId: null, ...variables }, token);
const setQuantity = (variables: { cartId?: string | null; productId: string; quantity: number }, token?: string) =>
  mutate(`setCartLineQuantity(cartId: $cartId, productId: $productId, quantity: $quantity)`, "$cartId: ID, $productId: ID!, $quantity: Int!", { cartId: null, ...variables }, token);
const setPostalCode = (variables: { cartId?: string | null; postalCode: string }, token?: string) =>
  mutate(`setCartPostalCode(cartId: $cartId, postalCode: $postalCode)`, "$cartId: ID, $postalCode: String!", { cartId: null, ...variables }, token);
const mergeGuestCart = (cartId: string, token?: string) => mutate(`mergeGuestCart(cartId: $cartId)`, "$cartId: ID!", { cartId }, token);

const CHECKOUT = `mutation ($input: CheckoutInput!) { checkout(input: $input) { id status subtotal { cents } shippingCost { cents } total { cents } items { productName quantity unitPrice { cents } } } }`;
interface CheckedOut {
  id: string;
  status: string;
  subtotal: { cents: number };
  shippingCost: { cents: number };
  total: { cents: number };
  items: Array<{ productName: string; quantity: number; unitPrice: { cents: number } }>;
}

async function checkout(token: string, input: Record<string, unknown> = {}) {
  const { body } = await request<{ checkout: CheckedOut }>(CHECKOUT, { input: { shippingAddress: TEST_SHIPPING_ADDRESS, paymentToken: "tok_visa", ...input } }, { token });
  return { order: body.data?.checkout ?? null, errors: body.errors as Errors };
}

async function signUp(): Promise<string> {
  const { body } = await request<{ signUp: { token: string } }>(
    `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`,
    { input: { email: `cart-${randomUUID()}@shop.local`, password: "cart-e2e-password", name: "Cart Tester" } },
  );
  if (!body.data) throw new Error(`sign-up failed: ${JSON.stringify(body.errors)}`);
  return body.data.signUp.token;
}

const standardShipping = (grams: number) => shippingCents(grams, "STANDARD");
const ordersDb = () => supergraph.subgraphs.orders!.prisma as unknown as OrdersPrisma;

beforeAll(async () => {
  ({ supergraph, request, tokens } = await startDemoShop());
}, 120_000);

afterAll(async () => {
  await supergraph?.stop();
});

describe("a guest cart, merged after sign-up and checked out", () => {
  it("prices lines at current prices, ships by weight and postal code, and charges subtotal + shipping", async () => {
    const first = await addToCart({ productId: earbuds.id, quantity: 2 });
    expect(first.errors).toBeUndefined();
    const guestId = first.cart!.id;
    expect(first.cart).toMatchObject({
      postalCode: null,
      lines: [{ productId: earbuds.id, quantity: 2, product: { id: earbuds.id, name: earbuds.name }, unitPrice: { cents: earbuds.priceCents } }],
      subtotal: { cents: 2 * earbuds.priceCents },
      shippingCost: null,
      total: { cents: 2 * earbuds.priceCents },
    });
    expect((await addToCart({ cartId: guestId, productId: skillet.id, quantity: 1 })).errors).toBeUndefined();

    // A remote postal code: shipping's own rates for the cart's whole weight, through the query plan.
    const shipped = await setPostalCode({ cartId: guestId, postalCode: "99501" });
    expect(shipped.errors).toBeUndefined();
    const weight = 2 * earbuds.weightGrams + skillet.weightGrams;
    const subtotal = 2 * earbuds.priceCents + skillet.priceCents;
    expect(shipped.cart).toMatchObject({ postalCode: "99501", shippingCost: { cents: shippingCents(weight, "REMOTE"), currency: "USD" } });
    expect(shipped.cart!.total.cents).toBe(subtotal + shippingCents(weight, "REMOTE"));
    expect(await readCart({ id: guestId })).toMatchObject({ id: guestId, subtotal: { cents: subtotal } });

    // Signed up: the guest cart's id names no cart of theirs; merging moves the lines and deletes the guest cart.
    const token = await signUp();
    expect(await readCart({ id: guestId, token })).toBeNull();
    expect((await addToCart({ productId: earbuds.id, quantity: 1 }, token)).errors).toBeUndefined();
    const merged = await mergeGuestCart(guestId, token);
    expect(merged.errors).toBeUndefined();
    expect(merged.cart!.lines.map((line) => [line.productId, line.quantity])).toEqual([
      [earbuds.id, 3],
      [skillet.id, 1],
    ]);
    expect(merged.cart!.postalCode).toBe("99501");
    expect(await readCart({ id: guestId })).toBeNull();
    expect(codeOf((await mergeGuestCart(guestId, token)).errors)).toBe("NOT_FOUND");

    // Checkout ships to TEST_SHIPPING_ADDRESS (STANDARD): the order charges that, not the cart's postal code.
    const mergedWeight = 3 * earbuds.weightGrams + skillet.weightGrams;
    const mergedSubtotal = 3 * earbuds.priceCents + skillet.priceCents;
    const placed = await checkout(token, { idempotencyKey: "cart-e2e-1" });
    expect(placed.errors).toBeUndefined();
    const shipping = standardShipping(mergedWeight);
    expect(placed.order).toMatchObject({
      status: "PENDING",
      subtotal: { cents: mergedSubtotal },
      shippingCost: { cents: shipping },
      total: { cents: mergedSubtotal + shipping },
      items: [
        { productName: earbuds.name, quantity: 3, unitPrice: { cents: earbuds.priceCents } },
        { productName: skillet.name, quantity: 1, unitPrice: { cents: skillet.priceCents } },
      ],
    });
    const settled = await waitForOrder(request, placed.order!.id, { token: tokens.admin });
    expect(settled).toMatchObject({ status: "CONFIRMED", payment: { status: "CAPTURED", amount: { cents: mergedSubtotal + shipping } } });
    expect((await readCart({ token }))!.lines).toEqual([]);

    // The same key again: the same order, nothing placed twice, although the cart is empty now.
    const again = await checkout(token, { idempotencyKey: "cart-e2e-1" });
    expect(again.order?.id).toBe(placed.order!.id);
    expect(codeOf((await checkout(token)).errors)).toBe("BAD_USER_INPUT");
  });
});

describe("current prices", () => {
  /** The admin's updateProduct: how a price changes (orders keeps product snapshots until products announces a change). */
  const reprice = async (priceCents: number) => {
    const { body } = await request(`mutation ($id: ID!, $priceCents: Int!) { updateProduct(id: $id, input: { priceCents: $priceCents }) { id } }`, { id: usb.id, priceCents }, { token: tokens.admin });
    expect(body.errors).toBeUndefined();
  };

  it("shows a price change in the cart at once (no price is kept in the cart)", async () => {
    const { cart } = await addToCart({ productId: usb.id, quantity: 3 });
    expect((await readCart({ id: cart!.id }))!.subtotal.cents).toBe(3 * usb.priceCents);
    await reprice(usb.priceCents + 100);
    try {
      const read = await readCart({ id: cart!.id });
      expect(read).toMatchObject({ lines: [{ unitPrice: { cents: usb.priceCents + 100 }, subtotal: { cents: 3 * (usb.priceCents + 100) } }], subtotal: { cents: 3 * (usb.priceCents + 100) } });
    } finally {
      await reprice(usb.priceCents);
    }
    expect((await readCart({ id: cart!.id }))!.subtotal.cents).toBe(3 * usb.priceCents);
  });
});

describe("concurrent checkouts of one cart", () => {
  it("place exactly one order; the other is refused and the cart is emptied once", async () => {
    const token = await signUp();
    await addToCart({ productId: earbuds.id, quantity: 1 }, token);
    const results = await Promise.all([checkout(token), checkout(token), checkout(token)]);
    const placed = results.filter((result) => result.order !== null);
    expect(placed).toHaveLength(1);
    for (const refused of results.filter((result) => result.order === null)) expect(codeOf(refused.errors)).toBe("BAD_USER_INPUT");
    const { body } = await request<{ me: { orders: { totalCount: number } } }>(`{ me { orders { totalCount } } }`, {}, { token });
    expect(body.data!.me.orders.totalCount).toBe(1);
    expect((await readCart({ token }))!.lines).toEqual([]);
  });

  it("with one idempotency key, all answer with the same single order", async () => {
    const token = await signUp();
    await addToCart({ productId: earbuds.id, quantity: 1 }, token);
    const results = await Promise.all([checkout(token, { idempotencyKey: "same" }), checkout(token, { idempotencyKey: "same" })]);
    expect(results.map((result) => result.errors)).toEqual([undefined, undefined]);
    expect(results[0]!.order!.id).toBe(results[1]!.order!.id);
  });
});

describe("refusals change nothing", () => {
  let guestId: string;
  let before: CartView;

  beforeAll(async () => {
    guestId = (await addToCart({ productId: earbuds.id, quantity: 99 })).cart!.id;
    before = (await readCart({ id: guestId }))!;
  });

  const unchanged = async () => expect(await readCart({ id: guestId })).toEqual(before);

  it.each([
    ["a quantity of 0", { productId: earbuds.id, quantity: 0 }, "BAD_USER_INPUT"],
    ["a quantity over 100", { productId: earbuds.id, quantity: 101 }, "BAD_USER_INPUT"],
    ["a line past 100 in total", { productId: earbuds.id, quantity: 2 }, "BAD_USER_INPUT"],
    ["an unknown product", { productId: randomUUID(), quantity: 1 }, "BAD_USER_INPUT"],
    ["a malformed product id", { productId: "x\u0000y", quantity: 1 }, "BAD_USER_INPUT"],
  ])("addToCart refuses %s", async (_case, variables, code) => {
    const { errors } = await addToCart({ cartId: guestId, ...variables });
    expect(codeOf(errors)).toBe(code);
    await unchanged();
  });

  it("refuses a malformed postal code, and a quantity out of range", async () => {
    expect(codeOf((await setPostalCode({ cartId: guestId, postalCode: "#!" })).errors)).toBe("BAD_USER_INPUT");
    expect(codeOf((await setQuantity({ cartId: guestId, productId: earbuds.id, quantity: -1 })).errors)).toBe("BAD_USER_INPUT");
    await unchanged();
  });

  it("answers NOT_FOUND for unknown, malformed and other users' carts", async () => {
    expect(codeOf((await addToCart({ cartId: randomUUID(), productId: earbuds.id, quantity: 1 })).errors)).toBe("NOT_FOUND");
    expect(codeOf((await addToCart({ cartId: "not-a-cart", productId: earbuds.id, quantity: 1 })).errors)).toBe("NOT_FOUND");
    const aliceCart = (await addToCart({ productId: usb.id, quantity: 1 }, tokens.alice)).cart!;
    // Anonymous with a user's cart id, and another signed-in user naming it: neither reaches it.
    expect(codeOf((await setQuantity({ cartId: aliceCart.id, productId: usb.id, quantity: 5 })).errors)).toBe("NOT_FOUND");
    expect(codeOf((await setQuantity({ cartId: aliceCart.id, productId: usb.id, quantity: 5 }, await signUp())).errors)).toBe("NOT_FOUND");
    expect(await readCart({ id: aliceCart.id })).toBeNull();
    expect((await readCart({ token: tokens.alice }))!.lines).toEqual([expect.objectContaining({ productId: usb.id, quantity: 1 })]);
    expect(codeOf((await mergeGuestCart(guestId)).errors)).toBe("UNAUTHENTICATED");
    await unchanged();
  });

  it("creates no guest cart for a refused first addToCart", async () => {
    const count = () => ordersDb().cart.count();
    const carts = await count();
    expect(codeOf((await addToCart({ productId: earbuds.id, quantity: 101 })).errors)).toBe("BAD_USER_INPUT");
    expect(await count()).toBe(carts);
  });
});

describe("when the shipping subgraph is down", () => {
  it("a cart read that asks for shippingCost or total is null with an error; one that does not still answers", async () => {
    const { cart } = await addToCart({ productId: earbuds.id, quantity: 1 });
    await setPostalCode({ cartId: cart!.id, postalCode: "12345" });
    await supergraph.subgraphs.shipping!.app.close();
    const { body } = await request<{ cart: CartView | null }>(`query ($id: ID) { cart(id: $id) { id subtotal { cents } shippingCost { cents } total { cents } } }`, { id: cart!.id });
    // As observed with @apollo/gateway 2.14: shipping's fetch fails, so the plan's last step (orders' total,
    // @requires shippingCost) never runs; total is non-null, so the null reaches the cart itself. The error
    // names Cart.shippingCost and is masked (SERVICE_UNAVAILABLE once the gateway's breaker has opened).
    expect(body.data?.cart).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ path: ["cart", "shippingCost"] })]);
    expect(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"]).toContain(codeOf(body.errors));
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|subgraph|at .*\.ts/);
    // Lines and subtotal come from orders (and products) alone.
    expect(await readCartWithoutShipping(cart!.id)).toMatchObject({ id: cart!.id, lines: [{ quantity: 1 }], subtotal: { cents: earbuds.priceCents } });
  });
});

async function readCartWithoutShipping(id: string) {
  const { body } = await request<{ cart: Partial<CartView> | null }>(`query ($id: ID) { cart(id: $id) { id postalCode lines { quantity } subtotal { cents } } }`, { id });
  expect(body.errors).toBeUndefined();
  return body.data!.cart;
}
