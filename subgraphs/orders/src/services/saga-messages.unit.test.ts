import { decide, startSaga, type Decision, type SagaInput } from "../domain/checkout-saga";
import type { SagaRecord } from "../repositories/saga-store";
import { decisionMessages } from "./saga-messages";

const orderId = "5f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
const headers = { requestId: "r-1", correlationId: "r-1" };

/** A confirmed order's saga, as a record: reserved, charged, shipment created. */
function confirmedRecord(): SagaRecord {
  let decision: Decision = startSaga();
  for (const input of [{ type: "StockReserved" }, { type: "PaymentCaptured" }, { type: "ShipmentCreated" }] as const) {
    decision = decide(decision.state, input);
  }
  const changedAt = new Date(0);
  return {
    orderId,
    userId: "11111111-1111-4111-8111-111111111111",
    totalCents: 2_500,
    currency: "USD",
    lines: [],
    address: { line1: "1 Main St", line2: null, city: "Berlin", postalCode: "10115", country: "DE" },
    paymentToken: null,
    deadlineAt: changedAt,
    stepChangedAt: { RESERVE_INVENTORY: changedAt, CHARGE_PAYMENT: changedAt, CONFIRM_ORDER: changedAt, CREATE_SHIPMENT: changedAt },
    state: decision.state,
  };
}

function statusEventOf(input: SagaInput) {
  const record = confirmedRecord();
  const messages = decisionMessages(decide(record.state, input), record, headers, input);
  return messages.find((message) => message.type === "OrderStatusChanged")?.payload;
}

describe("decisionMessages", () => {
  it("carries the carrier and tracking number of a shipment that shipped into OrderStatusChanged", () => {
    const event = statusEventOf({ type: "ShipmentStatusChanged", status: "SHIPPED", carrier: "DHL", trackingNumber: "JJD0001" });
    expect(event).toMatchObject({ orderId, status: "SHIPPED", carrier: "DHL", trackingNumber: "JJD0001" });
  });

  it("leaves them out of every other status change", () => {
    const record = confirmedRecord();
    const shipped = decide(record.state, { type: "ShipmentStatusChanged", status: "SHIPPED" });
    const input = { type: "ShipmentStatusChanged", status: "DELIVERED", carrier: "DHL", trackingNumber: "JJD0001" } as const;
    const delivered = decisionMessages(decide(decide(shipped.state, { type: "ShipmentStatusChanged", status: "IN_TRANSIT" }).state, input), record, headers, input);
    const event = delivered.find((message) => message.type === "OrderStatusChanged")?.payload;
    expect(event).toMatchObject({ status: "DELIVERED" });
    expect(event).not.toHaveProperty("carrier");
  });
});
