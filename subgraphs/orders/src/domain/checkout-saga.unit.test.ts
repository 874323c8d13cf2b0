import { decide, startSaga, cancellationRefusal, type Decision, type SagaInput, type SagaState } from "./checkout-saga";

/** Runs inputs one after another from a fresh saga; returns every decision on the way. */
function run(...inputs: SagaInput[]): Decision[] {
  const decisions = [startSaga()];
  for (const input of inputs) decisions.push(decide(decisions[decisions.length - 1]!.state, input));
  return decisions;
}

const last = (decisions: Decision[]) => decisions[decisions.length - 1]!;
const stepStatuses = (state: SagaState) => Object.fromEntries(Object.entries(state.steps).map(([name, step]) => [name, step.status]));

describe("the checkout saga", () => {
  it("starts by asking for the reservation", () => {
    const start = startSaga();
    expect(start.commands).toEqual(["ReserveStock"]);
    expect(start.state.steps.RESERVE_INVENTORY).toEqual({ status: "RUNNING", attempts: 1, error: null });
  });

  it("reserves, charges, confirms and ships, in that order", () => {
    const decisions = run({ type: "StockReserved" }, { type: "PaymentCaptured" }, { type: "ShipmentCreated" });
    expect(decisions.map((decision) => decision.commands)).toEqual([["ReserveStock"], ["ChargePayment"], ["CreateShipment"], []]);
    expect(decisions[2]!.notify).toBe("CONFIRMED");
    expect(decisions[2]!.state.orderStatus).toBe("CONFIRMED");
    const end = last(decisions).state;
    expect(end.sagaStatus).toBe("COMPLETED");
    expect(stepStatuses(end)).toEqual({ RESERVE_INVENTORY: "SUCCEEDED", CHARGE_PAYMENT: "SUCCEEDED", CONFIRM_ORDER: "SUCCEEDED", CREATE_SHIPMENT: "SUCCEEDED" });
    expect(decisions.flatMap((decision) => decision.events.map((event) => event.type))).toEqual([
      "INVENTORY_RESERVED",
      "PAYMENT_CAPTURED",
      "ORDER_CONFIRMED",
      "SHIPMENT_CREATED",
    ]);
  });

  it("fails OUT_OF_STOCK without trying to charge", () => {
    const end = last(run({ type: "StockRejected", reason: "not enough stock" }));
    expect(end.commands).toEqual([]);
    expect(end.notify).toBe("FAILED");
    expect(end.state).toMatchObject({ orderStatus: "FAILED", failureCode: "OUT_OF_STOCK", sagaStatus: "COMPENSATED" });
    expect(end.state.steps.RESERVE_INVENTORY).toMatchObject({ status: "FAILED", error: "not enough stock" });
    expect(end.state.steps.CHARGE_PAYMENT.status).toBe("PENDING");
  });

  it("releases the stock when the payment is declined, and ends COMPENSATED", () => {
    const decisions = run({ type: "StockReserved" }, { type: "PaymentDeclined", reason: "Your card was declined." }, { type: "StockReleased" });
    expect(decisions[2]!.commands).toEqual(["ReleaseStock"]);
    expect(decisions[2]!.state).toMatchObject({ orderStatus: "FAILED", failureCode: "PAYMENT_DECLINED", sagaStatus: "COMPENSATING" });
    const end = last(decisions).state;
    expect(end.sagaStatus).toBe("COMPENSATED");
    expect(stepStatuses(end)).toMatchObject({ RESERVE_INVENTORY: "COMPENSATED", CHARGE_PAYMENT: "FAILED" });
  });

  it("ignores duplicate replies", () => {
    const decisions = run({ type: "StockReserved" }, { type: "StockReserved" }, { type: "PaymentCaptured" }, { type: "PaymentCaptured" });
    expect(decisions.flatMap((decision) => decision.commands)).toEqual(["ReserveStock", "ChargePayment", "CreateShipment"]);
  });

  it("times out before the pivot, and refunds a capture that arrives after that", () => {
    const decisions = run({ type: "StockReserved" }, { type: "DeadlinePassed" }, { type: "StockReleased" }, { type: "PaymentCaptured" }, { type: "PaymentRefunded" });
    expect(decisions[2]!.state).toMatchObject({ orderStatus: "FAILED", failureCode: "TIMED_OUT" });
    expect(decisions[2]!.commands).toEqual(["ReleaseStock"]);
    expect(decisions[3]!.state.sagaStatus).toBe("COMPENSATED");
    expect(decisions[4]!.commands).toEqual(["RefundPayment"]);
    expect(decisions[4]!.state.flagReason).toMatch(/captured after/);
    const end = last(decisions).state;
    expect(end.sagaStatus).toBe("COMPENSATED");
    expect(end.orderStatus).toBe("FAILED");
    expect(stepStatuses(end)).toMatchObject({ RESERVE_INVENTORY: "COMPENSATED", CHARGE_PAYMENT: "COMPENSATED" });
  });

  it("after the pivot, a passed deadline sends the open step again instead of giving up", () => {
    const decision = last(run({ type: "StockReserved" }, { type: "PaymentCaptured" }, { type: "DeadlinePassed" }));
    expect(decision.commands).toEqual(["CreateShipment"]);
    expect(decision.extendDeadline).toBe(true);
    expect(decision.state.sagaStatus).toBe("RUNNING");
    expect(decision.state.steps.CREATE_SHIPMENT.attempts).toBe(2);
  });

  it("cancels a pending order while the reservation is in flight, and releases it when it lands", () => {
    const decisions = run({ type: "CancelRequested" }, { type: "StockReserved" }, { type: "StockReleased" });
    expect(decisions[1]!.state).toMatchObject({ orderStatus: "CANCELLED", sagaStatus: "COMPENSATED", cancelRequested: true });
    expect(decisions[1]!.notify).toBe("CANCELLED");
    expect(decisions[2]!.commands).toEqual(["ReleaseStock"]);
    expect(decisions[2]!.state.sagaStatus).toBe("COMPENSATING");
    expect(last(decisions).state.sagaStatus).toBe("COMPENSATED");
  });

  it("cancels a confirmed order: refund, release and shipment cancellation", () => {
    const decisions = run({ type: "StockReserved" }, { type: "PaymentCaptured" }, { type: "ShipmentCreated" }, { type: "CancelRequested" });
    const cancel = last(decisions);
    expect(cancel.commands.sort()).toEqual(["CancelShipment", "RefundPayment", "ReleaseStock"]);
    const end = [{ type: "StockReleased" }, { type: "PaymentRefunded" }, { type: "ShipmentCancelled" }].reduce(
      (state, input) => decide(state, input as SagaInput).state,
      cancel.state,
    );
    expect(end.sagaStatus).toBe("COMPENSATED");
    expect(end.orderStatus).toBe("CANCELLED");
    expect(stepStatuses(end)).toEqual({ RESERVE_INVENTORY: "COMPENSATED", CHARGE_PAYMENT: "COMPENSATED", CONFIRM_ORDER: "COMPENSATED", CREATE_SHIPMENT: "COMPENSATED" });
  });

  it("changes nothing on a second cancel", () => {
    const decision = last(run({ type: "CancelRequested" }, { type: "CancelRequested" }));
    expect(decision.commands).toEqual([]);
    expect(decision.events).toEqual([]);
  });

  it("lets the order follow its shipment", () => {
    const confirmed = last(run({ type: "StockReserved" }, { type: "PaymentCaptured" }, { type: "ShipmentCreated" })).state;
    const shipped = decide(confirmed, { type: "ShipmentStatusChanged", status: "SHIPPED" });
    expect(shipped.state.orderStatus).toBe("SHIPPED");
    expect(shipped.notify).toBe("SHIPPED");
    const inTransit = decide(shipped.state, { type: "ShipmentStatusChanged", status: "IN_TRANSIT" });
    expect(inTransit.state.orderStatus).toBe("SHIPPED");
    const delivered = decide(inTransit.state, { type: "ShipmentStatusChanged", status: "DELIVERED" });
    expect(delivered.state.orderStatus).toBe("DELIVERED");
    expect(delivered.notify).toBe("DELIVERED");
  });

  it("compensates and flags the saga when a command before the pivot is abandoned", () => {
    const decision = last(run({ type: "StockReserved" }, { type: "StepAbandoned", command: "ChargePayment", reason: "poison" }));
    expect(decision.commands).toEqual(["ReleaseStock"]);
    expect(decision.state.flagReason).toMatch(/ChargePayment was abandoned/);
    expect(decision.state).toMatchObject({ orderStatus: "FAILED", sagaStatus: "COMPENSATING" });
  });

  it("resends the commands in flight", () => {
    expect(last(run({ type: "StockReserved" }, { type: "Resend" })).commands).toEqual(["ChargePayment"]);
    expect(last(run({ type: "StockReserved" }, { type: "PaymentDeclined", reason: "no" }, { type: "Resend" })).commands).toEqual(["ReleaseStock"]);
  });

  it("refuses to cancel shipped, delivered and failed orders", () => {
    expect(cancellationRefusal("PENDING")).toBeNull();
    expect(cancellationRefusal("CONFIRMED")).toBeNull();
    expect(cancellationRefusal("CANCELLED")).toBeNull();
    expect(cancellationRefusal("SHIPPED")).toMatch(/shipped/);
    expect(cancellationRefusal("DELIVERED")).toMatch(/delivered/);
    expect(cancellationRefusal("FAILED")).toMatch(/failed/);
  });
});
