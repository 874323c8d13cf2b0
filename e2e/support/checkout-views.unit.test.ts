import { inconsistencyOf, reachableCheckoutViews, type CheckoutViewFields } from "./checkout-views";

const STEPS = ["RESERVE_INVENTORY", "CHARGE_PAYMENT", "CONFIRM_ORDER", "CREATE_SHIPMENT"];

function view(status: string, failureCode: string | null, sagaStatus: string, stepStatuses: string[], eventTypes: string[]): CheckoutViewFields {
  return {
    status,
    failureCode,
    events: eventTypes.map((type) => ({ type })),
    saga: { status: sagaStatus, steps: STEPS.map((name, index) => ({ name, status: stepStatuses[index]! })) },
  };
}

describe("which answers can be one moment of an order", () => {
  it.each([
    ["just placed", view("PENDING", null, "RUNNING", ["RUNNING", "PENDING", "PENDING", "PENDING"], ["ORDER_PLACED"])],
    [
      "reserved, being charged",
      view("PENDING", null, "RUNNING", ["SUCCEEDED", "RUNNING", "PENDING", "PENDING"], ["ORDER_PLACED", "INVENTORY_RESERVED"]),
    ],
    [
      "confirmed, shipment on its way",
      view("CONFIRMED", null, "RUNNING", ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "RUNNING"], ["ORDER_PLACED", "INVENTORY_RESERVED", "PAYMENT_CAPTURED", "ORDER_CONFIRMED"]),
    ],
    [
      "completed",
      view("CONFIRMED", null, "COMPLETED", ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"], [
        "ORDER_PLACED",
        "INVENTORY_RESERVED",
        "PAYMENT_CAPTURED",
        "ORDER_CONFIRMED",
        "SHIPMENT_CREATED",
      ]),
    ],
    ["out of stock", view("FAILED", "OUT_OF_STOCK", "COMPENSATED", ["FAILED", "PENDING", "PENDING", "PENDING"], ["ORDER_PLACED", "ORDER_FAILED"])],
    [
      "declined, stock being released",
      view("FAILED", "PAYMENT_DECLINED", "COMPENSATING", ["SUCCEEDED", "FAILED", "PENDING", "PENDING"], [
        "ORDER_PLACED",
        "INVENTORY_RESERVED",
        "PAYMENT_DECLINED",
        "ORDER_FAILED",
      ]),
    ],
    [
      "cancelled while pending",
      view("CANCELLED", null, "COMPENSATED", ["FAILED", "PENDING", "PENDING", "PENDING"], ["ORDER_PLACED", "ORDER_CANCELLED"]),
    ],
  ])("accepts an order %s", (_case, answer) => {
    expect(inconsistencyOf(answer)).toBeNull();
  });

  it.each([
    // The answer the issue reported: the order row read before the saga's last step, the saga after it.
    ["PENDING beside a COMPENSATED saga", view("PENDING", null, "COMPENSATED", ["FAILED", "PENDING", "PENDING", "PENDING"], ["ORDER_PLACED"])],
    ["PENDING beside a COMPLETED saga", view("PENDING", null, "COMPLETED", ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"], ["ORDER_PLACED"])],
    [
      "CONFIRMED while the payment is not captured",
      view("CONFIRMED", null, "RUNNING", ["SUCCEEDED", "RUNNING", "PENDING", "PENDING"], ["ORDER_PLACED", "INVENTORY_RESERVED"]),
    ],
    ["FAILED while the saga is RUNNING", view("FAILED", "OUT_OF_STOCK", "RUNNING", ["RUNNING", "PENDING", "PENDING", "PENDING"], ["ORDER_PLACED"])],
    [
      "FAILED without its ORDER_FAILED event",
      view("FAILED", "OUT_OF_STOCK", "COMPENSATED", ["FAILED", "PENDING", "PENDING", "PENDING"], ["ORDER_PLACED"]),
    ],
    [
      "a saga whose steps are older than it",
      view("FAILED", "OUT_OF_STOCK", "COMPENSATED", ["RUNNING", "PENDING", "PENDING", "PENDING"], ["ORDER_PLACED", "ORDER_FAILED"]),
    ],
  ])("rejects %s", (_case, answer) => {
    expect(inconsistencyOf(answer)).toEqual(expect.stringContaining(`status ${answer.status}`));
  });

  it("knows a bounded set of moments, each order status among them", () => {
    const statuses = new Set([...reachableCheckoutViews()].map((key) => (JSON.parse(key) as string[])[0]));
    expect(statuses).toEqual(new Set(["PENDING", "CONFIRMED", "SHIPPED", "DELIVERED", "CANCELLED", "FAILED"]));
  });
});
