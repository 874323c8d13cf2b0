import { InvalidNotificationError, validateNewNotification, type NewNotification } from "./new-notification";

const valid: NewNotification = {
  userId: "11111111-1111-4111-8111-111111111111",
  kind: "ORDER_CONFIRMED",
  title: " Your order is confirmed ",
  body: " Order #1 is confirmed. ",
};

describe("validateNewNotification", () => {
  it("trims text and makes optional fields explicit", () => {
    expect(validateNewNotification({ ...valid, sourceEventId: "  " })).toEqual({
      userId: valid.userId,
      audience: null,
      kind: "ORDER_CONFIRMED",
      title: "Your order is confirmed",
      body: "Order #1 is confirmed.",
      orderId: null,
      productId: null,
      sourceEventId: null,
    });
  });

  it("takes an audience instead of a user", () => {
    expect(validateNewNotification({ ...valid, userId: null, audience: "ADMIN" })).toMatchObject({ userId: null, audience: "ADMIN" });
  });

  it.each<[string, Partial<NewNotification>]>([
    ["a user id that is not a UUID", { userId: "user-1" }],
    ["an order id that is not a UUID", { orderId: "order-1" }],
    ["a product id that is not a UUID", { productId: "product-1" }],
    ["neither a user nor an audience", { userId: null }],
    ["both a user and an audience", { audience: "ADMIN" }],
    ["a blank title", { title: " " }],
    ["a blank body", { body: "" }],
  ])("refuses %s", (_case, change) => {
    expect(() => validateNewNotification({ ...valid, ...change })).toThrow(InvalidNotificationError);
  });
});
