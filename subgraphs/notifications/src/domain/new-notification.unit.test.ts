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
      kind: "ORDER_CONFIRMED",
      title: "Your order is confirmed",
      body: "Order #1 is confirmed.",
      orderId: null,
      sourceEventId: null,
    });
  });

  it.each<[string, Partial<NewNotification>]>([
    ["a user id that is not a UUID", { userId: "user-1" }],
    ["an order id that is not a UUID", { orderId: "order-1" }],
    ["a blank title", { title: " " }],
    ["a blank body", { body: "" }],
  ])("refuses %s", (_case, change) => {
    expect(() => validateNewNotification({ ...valid, ...change })).toThrow(InvalidNotificationError);
  });
});
