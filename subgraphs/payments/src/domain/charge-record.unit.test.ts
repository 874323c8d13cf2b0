import { InvalidChargeRecordError, validateChargeRecord, type ChargeRecord } from "./charge-record";

const captured: ChargeRecord = {
  orderId: "0B6C7D5E-1F2A-4B3C-8D4E-5F6A7B8C9D0E",
  amountCents: 12_345,
  currency: "USD",
  status: "CAPTURED",
  provider: " test-provider ",
  providerReference: " ch_123 ",
};

describe("validateChargeRecord", () => {
  it("makes optional fields explicit and trims text", () => {
    expect(validateChargeRecord(captured)).toEqual({
      orderId: "0b6c7d5e-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
      amountCents: 12_345,
      currency: "USD",
      status: "CAPTURED",
      declineReason: null,
      provider: "test-provider",
      providerReference: "ch_123",
    });
  });

  it("keeps a declined charge's reason and accepts a zero amount", () => {
    const declined = validateChargeRecord({ ...captured, status: "DECLINED", amountCents: 0, declineReason: " card declined ", providerReference: "  " });
    expect(declined).toMatchObject({ status: "DECLINED", amountCents: 0, declineReason: "card declined", providerReference: null });
  });

  it.each<[string, Partial<ChargeRecord>, string]>([
    ["an order id that is not a UUID", { orderId: "order-1" }, "orderId"],
    ["a negative amount", { amountCents: -1 }, "amountCents"],
    ["a fractional amount", { amountCents: 10.5 }, "amountCents"],
    ["a lower-case currency", { currency: "usd" }, "currency"],
    ["a currency that is not three letters", { currency: "DOLLAR" }, "currency"],
    ["REFUNDED, which only a captured charge can become", { status: "REFUNDED" as ChargeRecord["status"] }, "CAPTURED or DECLINED"],
    ["an empty provider", { provider: "  " }, "provider"],
    ["a declined charge without a reason", { status: "DECLINED", declineReason: " " }, "declineReason"],
    ["a captured charge with a decline reason", { declineReason: "insufficient funds" }, "declineReason"],
  ])("refuses %s", (_case, change, mentioned) => {
    const attempt = () => validateChargeRecord({ ...captured, ...change });
    expect(attempt).toThrow(InvalidChargeRecordError);
    expect(attempt).toThrow(mentioned);
  });
});
