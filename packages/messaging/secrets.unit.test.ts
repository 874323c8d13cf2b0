import { fromStreamFields, newMessage, toStreamFields } from "./message";
import { redactStreamFields, REDACTED, wasRedacted } from "./secrets";

describe("redacting a dead-letter copy", () => {
  it("replaces the payment token and keeps everything else", () => {
    const message = newMessage("payments:commands", "ChargePayment", { orderId: "o-1", amountCents: 100, paymentToken: "tok_live_secret" }, { trace: "t" });
    const redacted = redactStreamFields([...toStreamFields(message), "reason", "boom"]);
    expect(redacted.join(" ")).not.toContain("tok_live_secret");
    const read = fromStreamFields(message.stream, redacted);
    expect(read).toEqual({ ...message, payload: { orderId: "o-1", amountCents: 100, paymentToken: REDACTED } });
    expect(wasRedacted(read.payload)).toBe(true);
    expect(redacted.slice(-2)).toEqual(["reason", "boom"]);
  });

  it("replaces a payload that is not JSON whole when it mentions a secret field", () => {
    expect(redactStreamFields(["id", "x", "payload", '{"paymentToken":"tok_x"'])).toEqual(["id", "x", "payload", REDACTED]);
    expect(redactStreamFields(["payload", "{not json"])).toEqual(["payload", "{not json"]);
  });
});
