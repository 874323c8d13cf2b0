import { InvalidChargeRecordError } from "./charge-record";
import { chargeAnswer, chargeRecordFor, refundPlan, type StoredPayment } from "./payment-decisions";

const orderId = "5f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
const captured: StoredPayment = {
  id: "0b6c7d5e-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
  orderId,
  status: "CAPTURED",
  amountCents: 4_200,
  declineReason: null,
  providerReference: "ch_5f1e2d3c",
};
const declined: StoredPayment = { ...captured, status: "DECLINED", declineReason: "Your card was declined.", providerReference: null };

describe("chargeAnswer", () => {
  it("answers PaymentCaptured with the payment id for a captured payment", () => {
    expect(chargeAnswer(captured)).toEqual({ type: "PaymentCaptured", payload: { orderId, paymentId: captured.id } });
  });

  it("answers PaymentDeclined with the stored reason for a declined payment", () => {
    expect(chargeAnswer(declined)).toEqual({ type: "PaymentDeclined", payload: { orderId, reason: "Your card was declined." } });
  });

  it("keeps answering PaymentCaptured once the payment was refunded: the charge's answer never changes", () => {
    expect(chargeAnswer({ ...captured, status: "REFUNDED" })).toEqual(chargeAnswer(captured));
  });
});

describe("chargeRecordFor", () => {
  const command = { orderId, userId: "11111111-1111-4111-8111-111111111111", amountCents: 4_200, currency: "EUR", paymentToken: "tok_visa" };

  it("records a capture with the provider's reference", () => {
    expect(chargeRecordFor(command, { status: "CAPTURED", reference: "ch_1" }, "test")).toEqual({
      orderId,
      amountCents: 4_200,
      currency: "EUR",
      provider: "test",
      status: "CAPTURED",
      providerReference: "ch_1",
    });
  });

  it("records a decline with the provider's reason", () => {
    expect(chargeRecordFor(command, { status: "DECLINED", reason: "Your card was declined." }, "test")).toMatchObject({
      status: "DECLINED",
      declineReason: "Your card was declined.",
    });
  });
});

describe("refundPlan", () => {
  it("refunds a captured payment's whole amount against its charge reference", () => {
    expect(refundPlan(captured)).toEqual({ action: "REFUND", reference: "ch_5f1e2d3c", amountCents: 4_200 });
  });

  it.each([
    ["no payment", null, "NOT_CHARGED"],
    ["a declined payment", declined, "DECLINED"],
    ["a payment refunded before: one refund per order", { ...captured, status: "REFUNDED" as const }, "ALREADY_REFUNDED"],
  ])("refunds nothing for %s", (_case, payment, because) => {
    expect(refundPlan(payment)).toEqual({ action: "NOTHING", because });
  });

  it("refuses to refund a captured payment without a charge reference", () => {
    expect(() => refundPlan({ ...captured, providerReference: null })).toThrow(InvalidChargeRecordError);
  });
});
