import { composeNotification, NOTIFICATION_KINDS, shortOrderReference } from "./compose-notification";

const orderId = "5f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";

describe("shortOrderReference", () => {
  it("names an order by the first 8 hex digits of its id, upper-cased", () => {
    expect(shortOrderReference(orderId)).toBe("#5F1E2D3C");
  });
});

describe("composeNotification", () => {
  it("welcomes a user by name, and without one when the name is blank", () => {
    expect(composeNotification("WELCOME", { userName: " Alice " }).title).toBe("Welcome, Alice!");
    expect(composeNotification("WELCOME", { userName: "  " }).title).toBe("Welcome!");
  });

  it("confirms an order with its short reference and formatted total", () => {
    expect(composeNotification("ORDER_CONFIRMED", { orderId, total: { cents: 123_456, currency: "USD" } })).toEqual({
      title: "Your order is confirmed",
      body: "Order #5F1E2D3C for $1,234.56 is confirmed. We will tell you when it ships.",
    });
  });

  it.each([
    ["OUT_OF_STOCK", "because some items are out of stock"],
    ["PAYMENT_DECLINED", "because the payment was declined"],
    ["TIMED_OUT", "because it could not be completed in time"],
  ] as const)("explains a failure for %s", (failureCode, explanation) => {
    const { title, body } = composeNotification("ORDER_FAILED", { orderId, failureCode });
    expect(title).toBe("Your order could not be placed");
    expect(body).toBe(`Order #5F1E2D3C was not placed ${explanation}. You have not been charged.`);
  });

  it("explains nothing when the failure code is not known", () => {
    expect(composeNotification("ORDER_FAILED", { orderId, failureCode: null }).body).toBe(
      "Order #5F1E2D3C was not placed. You have not been charged.",
    );
  });

  it("promises the refund of the total when it is not known whether the cancelled order was charged", () => {
    expect(composeNotification("ORDER_CANCELLED", { orderId, refunded: { ifCharged: { cents: 2_500, currency: "USD" } } }).body).toBe(
      "Order #5F1E2D3C was cancelled. If you were charged, the $25.00 will be refunded.",
    );
  });

  it("tells a cancelled order's refund, or that nothing was charged", () => {
    expect(composeNotification("ORDER_CANCELLED", { orderId, refunded: { cents: 999, currency: "EUR" } }).body).toBe(
      "Order #5F1E2D3C was cancelled. A refund of €9.99 is on its way.",
    );
    expect(composeNotification("ORDER_CANCELLED", { orderId, refunded: null }).body).toBe(
      "Order #5F1E2D3C was cancelled. You have not been charged.",
    );
  });

  it.each([
    ["UPS", "1Z999", "Order #5F1E2D3C is on its way with UPS, tracking number 1Z999."],
    ["UPS", null, "Order #5F1E2D3C is on its way with UPS."],
    [null, "1Z999", "Order #5F1E2D3C is on its way, tracking number 1Z999."],
    [" ", null, "Order #5F1E2D3C is on its way."],
  ])("says a shipped order is on its way (carrier %p, tracking %p)", (carrier, trackingNumber, body) => {
    expect(composeNotification("ORDER_SHIPPED", { orderId, carrier, trackingNumber })).toEqual({ title: "Your order has shipped", body });
  });

  it("says a delivered order was delivered", () => {
    expect(composeNotification("ORDER_DELIVERED", { orderId })).toEqual({
      title: "Your order was delivered",
      body: "Order #5F1E2D3C was delivered. Enjoy!",
    });
  });

  it("tells the admins which product runs low, how many units are left and the threshold", () => {
    expect(composeNotification("LOW_STOCK", { productId: orderId, available: 4, threshold: 5 })).toEqual({
      title: "Stock is running low",
      body: `Product ${orderId} has 4 units available, under the low-stock threshold of 5. Restock it soon.`,
    });
    expect(composeNotification("LOW_STOCK", { productId: orderId, available: 1, threshold: 5 }).body).toContain("has 1 unit available");
  });

  it("gives every kind a distinct title", () => {
    const facts = {
      WELCOME: { userName: "A" },
      ORDER_CONFIRMED: { orderId, total: { cents: 1, currency: "USD" } },
      ORDER_FAILED: { orderId, failureCode: "TIMED_OUT" },
      ORDER_CANCELLED: { orderId, refunded: null },
      ORDER_SHIPPED: { orderId, carrier: null, trackingNumber: null },
      ORDER_DELIVERED: { orderId },
      LOW_STOCK: { productId: orderId, available: 1, threshold: 5 },
    } as const;
    const titles = NOTIFICATION_KINDS.map((kind) => composeNotification(kind, facts[kind]).title);
    expect(new Set(titles).size).toBe(NOTIFICATION_KINDS.length);
  });
});
