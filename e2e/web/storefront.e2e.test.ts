import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { seedDemoShop, startSupergraph, type RunningSupergraph } from "../../packages/testing";
import { DEMO_CUSTOMER_PASSWORD } from "../../subgraphs/users/src/seed";
import { scanAccessibility, tabOrder } from "../support/accessibility";
import { describeWithChromium, screenshotPath, startStorefront, type RunningStorefront } from "../support/storefront";

// The storefront (web/) in real headless Chromium, on its own origin, against the whole supergraph: a
// shopper from catalogue to delivered order, an admin running the shop, refusals shown in shopper words.
jest.setTimeout(300_000);

// page.evaluate callbacks run in the browser; the Node program has no DOM types, so their globals are declared loosely here.
declare const window: any;
declare const localStorage: any;
declare const document: any;

const ADMIN_PASSWORD = "admin-web-password";
/** Every wait in the browser is bounded by this (Playwright's own timeout). */
const BROWSER_WAIT_MS = 30_000;
const ADDRESS = { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" };

describeWithChromium("storefront in Chromium", (executablePath) => {
  let supergraph: RunningSupergraph;
  let storefront: RunningStorefront;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    supergraph = await startSupergraph();
    await seedDemoShop(supergraph, { adminPassword: ADMIN_PASSWORD });
    storefront = await startStorefront(supergraph.gateway.graphqlUrl);
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  }, 240_000);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await storefront?.stop();
    await supergraph?.stop();
  });

  /** A fresh browser profile (its own localStorage) on the storefront's start page. */
  async function openShop(path = "/"): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    context.setDefaultTimeout(BROWSER_WAIT_MS);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${storefront.url}#${path}`);
    return page;
  }

  async function go(page: Page, path: string): Promise<void> {
    await page.evaluate((hash) => (window.location.hash = hash), path);
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await go(page, "/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  }

  async function addToCart(page: Page, productName: string, quantity: number): Promise<void> {
    await go(page, "/");
    await page.getByRole("searchbox", { name: "Search" }).fill(productName);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("link", { name: productName }).click();
    await page.getByRole("heading", { level: 1, name: productName }).waitFor();
    await page.getByLabel("Quantity").fill(String(quantity));
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("Added.").waitFor();
  }

  /** Fills checkout with the test address and `card`, places the order and returns its id (from the order page's URL). */
  async function checkout(page: Page, card: RegExp): Promise<string> {
    await go(page, "/checkout");
    await page.getByLabel("Street address").fill(ADDRESS.line1);
    await page.getByLabel("City").fill(ADDRESS.city);
    await page.getByLabel("Postal code").fill(ADDRESS.postalCode);
    await page.getByLabel("Country code").fill(ADDRESS.country);
    await page.getByLabel("Card").selectOption({ label: (await page.getByRole("option", { name: card }).textContent()) ?? "" });
    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForURL(/#\/orders\/[^/]+$/);
    return decodeURIComponent(page.url().split("/").pop()!);
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    const problems = await scanAccessibility(page);
    expect({ page: name, ...problems }).toEqual({
      page: name,
      unlabelledControls: [],
      unnamedButtonsAndLinks: [],
      landmarks: { main: 1, nav: 1, header: 1, h1: 1 },
    });
  }

  it("browses, filters, sorts, pages and searches the catalogue", async () => {
    const page = await openShop();
    await page.getByRole("heading", { name: "Catalogue" }).waitFor();
    await page.getByText("30 products").waitFor();
    const products = page.getByRole("list", { name: "Products" }).getByRole("listitem");
    expect(await products.count()).toBe(12);
    await page.screenshot({ path: screenshotPath("catalogue"), fullPage: true });
    await expectAccessible(page, "catalogue");

    // Cursor pagination: "Load more" appends the next page under the first.
    await page.getByRole("button", { name: "Load more" }).click();
    await page.getByRole("list", { name: "More products" }).first().getByRole("listitem").first().waitFor();
    expect(await page.getByRole("list", { name: "More products" }).first().getByRole("listitem").count()).toBe(12);

    await page.getByLabel("Sort by").selectOption("PRICE_ASC");
    const category = (await page.getByLabel("Category").locator("option").nth(1).textContent())!;
    await page.getByLabel("Category").selectOption({ label: category });
    // Each tile reads: name, price, category, stock. Wait (bounded) until the listing is that category's only.
    await page.waitForFunction((name) => {
      const tiles = Array.from(document.querySelectorAll('ul[aria-label="Products"] > li')) as any[];
      return tiles.length > 0 && tiles.every((tile) => tile.querySelector("p:nth-of-type(2)")?.textContent === name);
    }, category);
    const prices = await page.getByRole("list", { name: "Products" }).getByRole("listitem").locator("p:nth-of-type(1)").allTextContents();
    const amounts = prices.map((price) => Number(price.replace(/[^0-9.]/g, "")));
    expect(amounts.length).toBeGreaterThan(1);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));

    await page.getByLabel("Category").selectOption("");
    await page.getByRole("searchbox", { name: "Search" }).fill("backpack");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("link", { name: "Trail Backpack 30 L" }).click();
    await page.getByRole("heading", { level: 1, name: "Trail Backpack 30 L" }).waitFor();
    await page.getByText(/\d+ in stock/).waitFor();
    await page.getByLabel("Postal code for shipping").fill("99501");
    await page.getByRole("button", { name: "Estimate shipping" }).click();
    await page.getByText(/Shipping to 99501: \$\d/).waitFor();
    await page.screenshot({ path: screenshotPath("product"), fullPage: true });
    await expectAccessible(page, "product");

    // Keyboard: from a fresh load, Tab walks the header's links and then into the page's controls.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Trail Backpack 30 L" }).waitFor();
    const reached = await tabOrder(page, 10);
    expect(reached.slice(0, 2)).toEqual(["a:Catalogue", "a:Cart"]);
    expect(reached).toContain("input:Postal code for shipping");
  });

  it("takes a guest from cart to sign-up, merges the cart, checks out and follows the order live to DELIVERED", async () => {
    const shopper = await openShop();
    await addToCart(shopper, "Trail Backpack 30 L", 2);
    await go(shopper, "/cart");
    await shopper.getByRole("table", { name: "Items in your cart" }).getByRole("link", { name: "Trail Backpack 30 L" }).waitFor();
    await shopper.getByLabel("Postal code").fill("99501");
    await shopper.getByRole("button", { name: "Update shipping" }).click();
    await shopper.getByText("enter a postal code").waitFor({ state: "detached" });
    await shopper.screenshot({ path: screenshotPath("cart"), fullPage: true });
    await expectAccessible(shopper, "cart");

    await go(shopper, "/sign-up");
    await shopper.getByLabel("Name").fill("Web Shopper");
    await shopper.getByLabel("Email").fill(`web-${Date.now()}@shop.local`);
    await shopper.getByLabel(/^Password/).fill("web-shopper-password");
    await expectAccessible(shopper, "sign-up");
    await shopper.getByRole("button", { name: "Sign up" }).click();
    // Signed in, the cart page shows the merged guest cart: the guest id is gone from the browser.
    await shopper.getByText("Signed in as Web Shopper").waitFor();
    await shopper.getByRole("table", { name: "Items in your cart" }).getByRole("link", { name: "Trail Backpack 30 L" }).waitFor();
    expect(await shopper.evaluate(() => localStorage.getItem("shop.guestCartId"))).toBeNull();

    const orderId = await checkout(shopper, /approved/);
    const status = shopper.getByTestId("order-status");
    await shopper.getByTestId("order-status").filter({ hasText: "CONFIRMED" }).waitFor();
    await shopper.getByRole("list", { name: "Checkout steps" }).getByText("Charging your card: succeeded").waitFor();
    await shopper.screenshot({ path: screenshotPath("order-confirmed"), fullPage: true });
    await expectAccessible(shopper, "order");

    // The admin, in a browser profile of their own, advances the shipment three times from the orders page.
    const admin = await openShop();
    await signIn(admin, "admin@shop.local", ADMIN_PASSWORD);
    await go(admin, "/admin/orders");
    const advance = admin.getByRole("button", { name: `Advance shipment of order ${orderId.slice(0, 8)}` });
    for (const shipment of ["SHIPPED", "IN_TRANSIT"]) {
      await advance.click();
      await shopper.getByText(new RegExp(`Shipment: ${shipment} with`)).waitFor();
    }
    await admin.screenshot({ path: screenshotPath("admin-orders"), fullPage: true });
    await expectAccessible(admin, "admin orders");
    await advance.click();
    await status.filter({ hasText: "DELIVERED" }).waitFor();
    await shopper.screenshot({ path: screenshotPath("order-delivered"), fullPage: true });

    // The delivery notification reaches the shopper: the unread badge, then the notifications page.
    await shopper.getByLabel(/\d+ unread/).waitFor();
    await go(shopper, "/notifications");
    await shopper.getByRole("heading", { name: /Your order was delivered/ }).waitFor();
    await shopper.screenshot({ path: screenshotPath("notifications"), fullPage: true });
    await expectAccessible(shopper, "notifications");

    await go(shopper, "/orders");
    await shopper.getByRole("link", { name: `Order ${orderId.slice(0, 8)}` }).waitFor();
    await shopper.screenshot({ path: screenshotPath("order-history"), fullPage: true });
  });

  it("shows why a declined card failed the order", async () => {
    const page = await openShop();
    await signIn(page, "alice@shop.local", DEMO_CUSTOMER_PASSWORD);
    await addToCart(page, "Trail Backpack 30 L", 1);
    await checkout(page, /declined/);
    await page.getByTestId("order-status").filter({ hasText: "FAILED" }).waitFor();
    await page.getByRole("alert").filter({ hasText: "Your card was declined" }).waitFor();
    await page.screenshot({ path: screenshotPath("order-declined"), fullPage: true });
  });

  it("refuses an order for more than is in stock, in shopper words", async () => {
    const page = await openShop();
    await signIn(page, "bob@shop.local", DEMO_CUSTOMER_PASSWORD);
    // The demo stock of this product is 40: a line of 100 cannot be reserved.
    await addToCart(page, "Trail Backpack 30 L", 100);
    await checkout(page, /approved/);
    await page.getByTestId("order-status").filter({ hasText: "FAILED" }).waitFor();
    await page.getByRole("alert").filter({ hasText: "out of stock" }).waitFor();
  });

  it("refreshes an expiring session once for two tabs, and keeps both signed in", async () => {
    const first = await openShop();
    await signIn(first, "alice@shop.local", DEMO_CUSTOMER_PASSWORD);
    const before = await first.evaluate(() => JSON.parse(localStorage.getItem("shop.session")!) as { refreshToken: string });
    // Both tabs now believe the access token expires at once: each must refresh before its next request.
    await first.evaluate(() => {
      const session = JSON.parse(localStorage.getItem("shop.session")!) as Record<string, unknown>;
      localStorage.setItem("shop.session", JSON.stringify({ ...session, expiresAt: new Date(0).toISOString() }));
    });
    const refreshes: string[] = [];
    first.context().on("request", (request) => {
      if ((request.postData() ?? "").includes('"operationName":"RefreshSession"')) refreshes.push(`${request.frame().page() === first ? "first tab" : "second tab"} ${request.postData()}`);
    });
    const second = await first.context().newPage();
    await Promise.all([first.goto(`${storefront.url}#/orders`), second.goto(`${storefront.url}#/orders`)]);
    await Promise.all([first, second].map((page) => page.getByRole("heading", { name: "Your orders" }).waitFor()));
    await Promise.all([first, second].map((page) => page.getByText(/Order \w{8}|No orders yet/).first().waitFor()));
    expect(refreshes).toHaveLength(1);
    const after = await second.evaluate(() => JSON.parse(localStorage.getItem("shop.session")!) as { refreshToken: string; expiresAt: string });
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(new Date(after.expiresAt).getTime()).toBeGreaterThan(Date.now());
    await second.getByRole("button", { name: "Sign out" }).waitFor();
  });

  it("refreshes and retries once when the gateway refuses the access token (UNAUTHENTICATED)", async () => {
    const page = await openShop();
    await signIn(page, "bob@shop.local", DEMO_CUSTOMER_PASSWORD);
    // A token the gateway does not accept, though the browser believes it has minutes left.
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem("shop.session")!) as Record<string, unknown>;
      localStorage.setItem("shop.session", JSON.stringify({ ...session, token: "not-a-valid-token" }));
    });
    await page.reload();
    await go(page, "/orders");
    await page.getByText(/Order \w{8}|No orders yet/).first().waitFor();
    const after = await page.evaluate(() => JSON.parse(localStorage.getItem("shop.session")!) as { token: string });
    expect(after.token).not.toBe("not-a-valid-token");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  });

  it("lets an admin change a price and restock from the products page", async () => {
    const page = await openShop();
    await signIn(page, "admin@shop.local", ADMIN_PASSWORD);
    await go(page, "/admin/products");
    const price = page.getByLabel("Price of Trail Backpack 30 L");
    await price.fill("79.00");
    await page.getByRole("button", { name: "Save price of Trail Backpack 30 L" }).click();
    await page.getByLabel("Restock Trail Backpack 30 L by").fill("5");
    await page.getByRole("button", { name: "Restock Trail Backpack 30 L" }).click();
    await page.getByRole("row", { name: /Trail Backpack 30 L/ }).getByText(/^\d+ \/ \d+ \/ \d+$/).waitFor();
    await page.screenshot({ path: screenshotPath("admin-products"), fullPage: true });
    await expectAccessible(page, "admin products");

    const shopper = await openShop("/");
    await shopper.getByRole("searchbox", { name: "Search" }).fill("Trail Backpack");
    await shopper.getByRole("button", { name: "Search", exact: true }).click();
    await shopper.getByRole("listitem").filter({ hasText: "Trail Backpack 30 L" }).getByText("$79.00").waitFor();
  });

  it("edits the account: name, saved address", async () => {
    const page = await openShop();
    await signIn(page, "bob@shop.local", DEMO_CUSTOMER_PASSWORD);
    await go(page, "/account");
    await page.getByLabel("Name").fill("Robert Example");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByText("Signed in as Robert Example").waitFor();
    await page.getByLabel("Label (optional)").fill("Home");
    await page.getByLabel("Street address").fill(ADDRESS.line1);
    await page.getByLabel("City").fill(ADDRESS.city);
    await page.getByLabel("Postal code").fill(ADDRESS.postalCode);
    await page.getByLabel("Country code").fill(ADDRESS.country);
    await page.getByRole("button", { name: "Save address" }).click();
    await page.getByRole("button", { name: "Delete address Home" }).waitFor();
    await page.screenshot({ path: screenshotPath("account"), fullPage: true });
    await expectAccessible(page, "account");
  });

  // Last: it stops the inventory subgraph for good.
  it("renders what is there when a subgraph is down (inventory): products without their stock", async () => {
    await supergraph.subgraphs.inventory!.app.close();
    const page = await openShop();
    await page.getByRole("list", { name: "Products" }).getByRole("link").first().waitFor();
    // The first page may come whole from the response cache (nothing changed since it was read, so it is
    // right); a search no one made before, and its product's page, need the subgraphs, and inventory is gone.
    await page.getByRole("searchbox", { name: "Search" }).fill("Espresso");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "Part of the shop is not answering" }).first().waitFor();
    expect(await page.getByText("Stock unknown").count()).toBeGreaterThan(0);
    await page.getByRole("link", { name: "Espresso Cups (set of 4)" }).click();
    await page.getByText("Stock unknown right now").waitFor();
    await page.screenshot({ path: screenshotPath("partial-answer"), fullPage: true });
  });
});
