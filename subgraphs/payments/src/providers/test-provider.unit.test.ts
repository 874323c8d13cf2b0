import { TransientProviderError } from "../domain/payment-provider";
import { TestPaymentProvider, TestTokens, TRANSIENT_FAILURES_PER_ORDER } from "./test-provider";
import { timeLimited } from "./time-limited-provider";

const orderId = "5f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
const charge = (token: string, idempotencyKey = orderId) => ({ idempotencyKey, amountCents: 1_000, currency: "USD", token });

describe("TestPaymentProvider", () => {
  let provider: TestPaymentProvider;
  beforeEach(() => {
    provider = new TestPaymentProvider();
  });
  afterEach(() => provider.close());

  it("captures tok_visa with a reference derived from the order id", async () => {
    expect(await provider.charge(charge(TestTokens.captured))).toEqual({ status: "CAPTURED", reference: "ch_5f1e2d3c4b5a49788695a4b3c2d1e0f9" });
  });

  it.each([
    [TestTokens.declined, "Your card was declined."],
    ["tok_somethingElse", "Unknown test token"],
  ])("declines %s", async (token, reason) => {
    expect(await provider.charge(charge(token))).toEqual({ status: "DECLINED", reason });
  });

  it("takes its configured round trip before answering, as a real PSP does", async () => {
    jest.useFakeTimers();
    try {
      const slow = new TestPaymentProvider({ latencyMs: 250 });
      let answered = false;
      const pending = slow.charge(charge(TestTokens.captured)).then(() => (answered = true));
      await jest.advanceTimersByTimeAsync(249);
      expect(answered).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await pending;
      expect(answered).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it("answers a second charge with the same idempotency key as the first, whatever the token", async () => {
    const first = await provider.charge(charge(TestTokens.captured));
    expect(await provider.charge(charge(TestTokens.declined))).toEqual(first);
    expect(provider.callsFor("charge", orderId)).toBe(2);
  });

  it("fails tok_transientFailure transiently on its first calls for an order, then captures", async () => {
    for (let attempt = 0; attempt < TRANSIENT_FAILURES_PER_ORDER; attempt += 1) {
      await expect(provider.charge(charge(TestTokens.transientFailure))).rejects.toThrow(TransientProviderError);
    }
    expect(await provider.charge(charge(TestTokens.transientFailure))).toMatchObject({ status: "CAPTURED" });
    // Another order starts with its own failures.
    await expect(provider.charge(charge(TestTokens.transientFailure, "other-order"))).rejects.toThrow(TransientProviderError);
  });

  it("never answers tok_timeout until it is closed, then fails the call as transient", async () => {
    const pending = provider.charge(charge(TestTokens.hangs));
    const settled = jest.fn();
    pending.then(settled, settled);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).not.toHaveBeenCalled();
    await provider.close();
    await expect(pending).rejects.toThrow(TransientProviderError);
  });

  it("refunds a captured charge once per idempotency key, and refuses an unknown charge", async () => {
    const captured = await provider.charge(charge(TestTokens.captured));
    if (captured.status !== "CAPTURED") throw new Error("expected a capture");
    const refund = { idempotencyKey: `refund-${orderId}`, reference: captured.reference, amountCents: 1_000 };
    const first = await provider.refund(refund);
    expect(first.reference).toBe("re_5f1e2d3c4b5a49788695a4b3c2d1e0f9");
    expect(await provider.refund(refund)).toEqual(first);
    await expect(provider.refund({ ...refund, idempotencyKey: "refund-x", reference: "ch_unknown" })).rejects.toThrow("no captured charge");
  });
});

describe("timeLimited", () => {
  it("fails a call that does not answer in time as transient, and passes answers through", async () => {
    const inner = new TestPaymentProvider();
    const provider = timeLimited(inner, 20);
    await expect(provider.charge(charge(TestTokens.hangs))).rejects.toThrow(TransientProviderError);
    expect(await provider.charge(charge(TestTokens.captured, "another-order"))).toMatchObject({ status: "CAPTURED" });
    await provider.close();
  });
});
