import { randomUUID } from "node:crypto";
import { propagation, ROOT_CONTEXT, trace, TraceFlags } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { newMessage, PoisonMessageError } from "../messaging";
import { headersOf, messageHeaders, MessageContracts, MESSAGE_TYPES, parseMessage, shopMessage, Streams, type MessageHeaders, type MessageType, type PayloadOf } from ".";
import { abandonStepOnDeadLetter } from "./abandon-step";
import { decisionMessages } from "../../subgraphs/orders/src/services/saga-messages";
import { decide, startSaga } from "../../subgraphs/orders/src/domain/checkout-saga";
import type { SagaRecord } from "../../subgraphs/orders/src/repositories/saga-store";
import { userSignedUp } from "../../subgraphs/users/src/domain/user-events";

const orderId = randomUUID();
const userId = randomUUID();
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/** A payload of every type in the table, checked by the compiler against the type's schema. */
const SAMPLES: { [T in MessageType]: PayloadOf<T> } = {
  ReserveStock: { orderId, lines: [{ productId: randomUUID(), quantity: 2 }] },
  ReleaseStock: { orderId },
  ChargePayment: { orderId, userId, amountCents: 1999, currency: "USD", paymentToken: "tok_visa" },
  RefundPayment: { orderId },
  CreateShipment: { orderId, userId, address: { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" } },
  CancelShipment: { orderId },
  StockReserved: { orderId },
  StockRejected: { orderId, reason: "out of stock" },
  StockReleased: { orderId },
  PaymentCaptured: { orderId, paymentId: randomUUID() },
  PaymentDeclined: { orderId, reason: "card declined" },
  PaymentRefunded: { orderId },
  ShipmentCreated: { orderId, shipmentId: randomUUID() },
  ShipmentCancelled: { orderId },
  StepAbandoned: { orderId, command: "ChargePayment", reason: "failed 5 deliveries" },
  ShipmentStatusChanged: { orderId, shipmentId: randomUUID(), status: "SHIPPED" },
  OrderStatusChanged: { orderId, userId, status: "CONFIRMED", totalCents: 1999, currency: "USD", reason: null },
  UserSignedUp: { userId, name: "Ada" },
  LowStock: { productId: randomUUID(), available: 4, threshold: 5 },
  OrderChanged: { orderId, userId },
  NotificationCreated: { notificationId: randomUUID(), userId },
};

/** Every header a shop message must carry; trace context only when something is traced. */
function expectStandardHeaders(headers: Record<string, string>, expected: Partial<MessageHeaders> = {}): void {
  expect(headers).toEqual(expect.objectContaining({ requestId: expect.any(String), correlationId: expect.any(String), ...expected }));
  for (const [name, value] of Object.entries(headers)) {
    expect(["requestId", "correlationId", "causationId", "traceparent", "tracestate"]).toContain(name);
    expect(typeof value).toBe("string");
  }
}

describe("the message table", () => {
  it("gives each type its stream, and a producer's message passes its consumer's check", () => {
    const headers = messageHeaders({ requestId: "req-1" });
    for (const type of MESSAGE_TYPES) {
      const message = shopMessage(type, SAMPLES[type], headers);
      expect(message.stream).toBe(MessageContracts[type].stream);
      expect(Object.values(Streams)).toContain(message.stream);
      expect(parseMessage(message, [type]).payload).toEqual(SAMPLES[type]);
      expectStandardHeaders(message.headers, { requestId: "req-1", correlationId: "req-1" });
    }
  });

  it("checks payloads and types at compile time", () => {
    const headers = messageHeaders({ requestId: "req-1" });
    // Each line below must fail to compile (tsc --noEmit checks tests too); at run time they are not called.
    const wrong = () => [
      // @ts-expect-error a type that does not exist
      shopMessage("StockReservedd", { orderId }, headers),
      // @ts-expect-error a payload missing a field
      shopMessage("StockRejected", { orderId }, headers),
      // @ts-expect-error a payload of another type
      shopMessage("PaymentCaptured", { orderId, shipmentId: orderId }, headers),
      // @ts-expect-error headers that are not the standard ones
      shopMessage("StockReserved", { orderId }, { "x-request-id": "r" }),
    ];
    expect(typeof wrong).toBe("function");
    // The stream is the type's, as a type too.
    const reply: typeof Streams.sagaReplies = shopMessage("StockReserved", { orderId }, headers).stream;
    expect(reply).toBe(Streams.sagaReplies);
  });

  it("refuses, as poison, a message of a type not accepted or with a payload that does not match", () => {
    const headers = messageHeaders({ requestId: "req-1" });
    expect(() => parseMessage(shopMessage("StockReserved", { orderId }, headers), ["ReserveStock"])).toThrow(PoisonMessageError);
    expect(() => parseMessage(newMessage(Streams.sagaReplies, "StockRejected", { orderId }), ["StockRejected"])).toThrow(/invalid StockRejected payload/);
    expect(() => parseMessage(newMessage(Streams.sagaReplies, "toString", {}), ["toString" as MessageType])).toThrow(PoisonMessageError);
  });
});

describe("messageHeaders", () => {
  it("for a request: its request id, which correlates unless a correlation id is named", () => {
    expect(messageHeaders({ requestId: "req-1" })).toEqual({ requestId: "req-1", correlationId: "req-1" });
    expect(messageHeaders({ requestId: "sweep-1", correlationId: orderId })).toEqual({ requestId: "sweep-1", correlationId: orderId });
  });

  it("for a message: the cause's request and correlation ids, the cause as causation, its trace context when nothing is active", () => {
    const cause = shopMessage("ReserveStock", SAMPLES.ReserveStock, { requestId: "req-1", correlationId: "order-1", traceparent: TRACEPARENT });
    expect(messageHeaders({ message: cause })).toEqual({ requestId: "req-1", correlationId: "order-1", causationId: cause.id, traceparent: TRACEPARENT });
  });

  it("reads messages written before the headers were standard", () => {
    expect(headersOf({ id: "m-1", headers: { "x-request-id": "req-old" } })).toMatchObject({ requestId: "req-old", correlationId: "req-old" });
    expect(headersOf({ id: "m-1", headers: { correlationId: "checkout-7" } })).toMatchObject({ requestId: "checkout-7", correlationId: "checkout-7" });
    expect(headersOf({ id: "m-1", headers: {} })).toMatchObject({ requestId: "m-1", correlationId: "m-1" });
  });

  describe("with tracing on", () => {
    beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
    afterAll(() => propagation.disable());

    it("carries the active span's trace context (a request's, or the consumer's handling the cause)", () => {
      const spanContext = { traceId: "5af92f3577b34da6a3ce929d0e0e4736", spanId: "b7ad6b7169203331", traceFlags: TraceFlags.SAMPLED };
      const active = trace.setSpanContext(ROOT_CONTEXT, spanContext);
      const fromRequest = messageHeaders({ requestId: "req-1" }, active);
      expect(fromRequest.traceparent).toBe(`00-${spanContext.traceId}-${spanContext.spanId}-01`);
      const cause = shopMessage("ChargePayment", SAMPLES.ChargePayment, { requestId: "req-1", correlationId: "req-1", traceparent: TRACEPARENT });
      expect(messageHeaders({ message: cause }, active).traceparent).toBe(fromRequest.traceparent);
    });
  });
});

describe("every producer's messages carry the standard headers", () => {
  const record = {
    orderId,
    userId,
    lines: SAMPLES.ReserveStock.lines,
    totalCents: 1999,
    currency: "USD",
    address: SAMPLES.CreateShipment.address,
    paymentToken: "tok_visa",
  } as unknown as SagaRecord;

  it("orders: the saga's commands and events, from a request and from a reply", () => {
    const request = messageHeaders({ requestId: "req-1" });
    const started = startSaga();
    for (const message of decisionMessages(started, record, request)) expectStandardHeaders(message.headers, { requestId: "req-1" });
    const reply = shopMessage("StockRejected", { orderId, reason: "out of stock" }, request);
    const rejected = decide(started.state, { type: "StockRejected", reason: "out of stock" });
    const caused = decisionMessages(rejected, record, messageHeaders({ message: reply }));
    expect(caused.map((message) => message.type)).toContain("OrderStatusChanged");
    // Every decision tells live subscribers, once, in the same outbox write.
    for (const decided of [decisionMessages(started, record, request), caused]) {
      expect(decided.filter((message) => message.type === "OrderChanged").map((message) => message.payload)).toEqual([{ orderId, userId }]);
    }
    for (const message of caused) expectStandardHeaders(message.headers, { requestId: "req-1", causationId: reply.id });
  });

  it("users: UserSignedUp", () => {
    expectStandardHeaders(userSignedUp({ id: userId, name: "Ada" }, messageHeaders({ requestId: "req-2" })).headers, { requestId: "req-2" });
  });

  it("any participant: StepAbandoned for a dead-lettered command", async () => {
    const command = shopMessage("ChargePayment", SAMPLES.ChargePayment, messageHeaders({ requestId: "req-3" }));
    const written: Array<{ headers: Record<string, string>; type: string }> = [];
    const db = {
      $transaction: async <T>(work: (tx: never) => Promise<T>) => work({ $queryRawUnsafe: async () => [{ message_id: command.id }], $executeRawUnsafe: async (_sql: string, json: string) => void written.push(...JSON.parse(json)) } as never),
      $queryRawUnsafe: async () => [],
      $executeRawUnsafe: async () => 0,
    };
    await abandonStepOnDeadLetter(db as never, "payments")(command, "failed 5 deliveries");
    expect(written.map((message) => message.type)).toEqual(["StepAbandoned"]);
    expectStandardHeaders(written[0]!.headers, { requestId: "req-3", causationId: command.id });
  });
});
