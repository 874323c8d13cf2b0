import { lowStockNotification, orderStatusNotification, welcomeNotification } from "./event-notifications";

const orderId = "5f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
const userId = "11111111-1111-4111-8111-111111111111";
const event = { orderId, userId, totalCents: 12_345, currency: "USD", reason: null };

describe("orderStatusNotification", () => {
  it.each([
    ["CONFIRMED", "ORDER_CONFIRMED", "Order #5F1E2D3C for $123.45 is confirmed. We will tell you when it ships."],
    ["CANCELLED", "ORDER_CANCELLED", "Order #5F1E2D3C was cancelled. If you were charged, the $123.45 will be refunded."],
    ["SHIPPED", "ORDER_SHIPPED", "Order #5F1E2D3C is on its way."],
    ["DELIVERED", "ORDER_DELIVERED", "Order #5F1E2D3C was delivered. Enjoy!"],
    ["FAILED", "ORDER_FAILED", "Order #5F1E2D3C was not placed. You have not been charged."],
  ] as const)("tells the order's user about %s as %s", (status, kind, body) => {
    expect(orderStatusNotification({ ...event, status })).toMatchObject({ userId, orderId, kind, body });
  });

  it("names the carrier and tracking number of a shipped order when the event carries them", () => {
    expect(orderStatusNotification({ ...event, status: "SHIPPED", carrier: "DHL", trackingNumber: "JJD0001" }).body).toBe(
      "Order #5F1E2D3C is on its way with DHL, tracking number JJD0001.",
    );
  });

  it("explains a failure when the event's reason is a failure code, and hides free text", () => {
    expect(orderStatusNotification({ ...event, status: "FAILED", reason: "OUT_OF_STOCK" }).body).toBe(
      "Order #5F1E2D3C was not placed because some items are out of stock. You have not been charged.",
    );
    expect(orderStatusNotification({ ...event, status: "FAILED", reason: "ChargePayment could not be processed" }).body).toBe(
      "Order #5F1E2D3C was not placed. You have not been charged.",
    );
  });
});

describe("welcomeNotification", () => {
  it("welcomes the new user by name, about no order", () => {
    expect(welcomeNotification({ userId, name: "Ann" })).toEqual({
      userId,
      kind: "WELCOME",
      title: "Welcome, Ann!",
      body: "Your account is ready. We will keep you posted here about your orders.",
    });
  });
});

describe("lowStockNotification", () => {
  it("is addressed to the admins, about the product", () => {
    const productId = "22222222-2222-4222-8222-222222222222";
    expect(lowStockNotification({ productId, available: 3, threshold: 5 })).toEqual({
      audience: "ADMIN",
      kind: "LOW_STOCK",
      productId,
      title: "Stock is running low",
      body: `Product ${productId} has 3 units available, under the low-stock threshold of 5. Restock it soon.`,
    });
  });
});
