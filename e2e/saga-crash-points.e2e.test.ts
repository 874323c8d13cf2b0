import type Redis from "ioredis";
import type { Domain } from "../packages/config";
import { Streams } from "../packages/shop-messages";
import { waitFor } from "../packages/testing/wait-for";
import { SagaProcesses, type SagaService } from "./support/saga-processes";

// The checkout saga's crash windows, hit exactly rather than by chance: a service started with
// WORKER_CRASH_AT kills itself with SIGKILL at that point (packages/messaging/crash-points.ts), and is
// started again without it. Every service is its own process with its own database, as in production.
//  - after-commit:<Type>: the consumer committed the message's effect and had not acknowledged the entry.
//  - after-publish: the relay had XADDed its outbox rows and not marked them published.
// Afterwards each saga ends with every effect exactly once, and the invariants of saga-faults hold.
jest.setTimeout(120_000);

// No resends by the sweeper and no deadline within the test: every redelivery here comes from the crash
// itself (a pending entry taken over, an outbox row sent again), so "once" can be counted exactly.
const saga = new SagaProcesses();
const NO_SWEEPER_RESENDS = { SAGA_RESEND_AFTER_MS: "600000", SAGA_DEADLINE_MS: "600000" };

beforeAll(() => saga.start(NO_SWEEPER_RESENDS), 180_000);

afterAll(() => saga.close());

/**
 * Restarts `service` armed with the crash point, places one order, and waits until the service has died.
 * Messaging is at rest first, so the crash point is reached by this order's message and no earlier one.
 */
async function placeOrderCrashing(service: SagaService, crashPoint: string): Promise<string> {
  await saga.waitQuiet();
  await saga.restart(service, { WORKER_CRASH_AT: crashPoint });
  const [orderId] = await saga.placeOrders(1);
  await saga.waitExited(service);
  return orderId!;
}

async function outboxRows(domain: Domain, type: string, orderId: string): Promise<Array<{ id: string; published: boolean }>> {
  return saga.sql(domain, `SELECT id::text, published_at IS NOT NULL AS published FROM outbox WHERE type = $1 AND payload->>'orderId' = $2`, [type, orderId]);
}

/** The one outbox row of `type` about the order: its id is the message id on the stream. */
async function onlyOutboxRow(domain: Domain, type: string, orderId: string): Promise<{ id: string; published: boolean }> {
  const rows = await outboxRows(domain, type, orderId);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function orderEvents(orderId: string): Promise<string[]> {
  const rows = await saga.sql<{ type: string }>("orders", `SELECT type FROM order_events WHERE order_id = $1 ORDER BY id`, [orderId]);
  return rows.map((row) => row.type);
}

function countOf(values: readonly string[], value: string): number {
  return values.filter((candidate) => candidate === value).length;
}

/** Stream entries (ids) carrying the message, in stream order: more than one is a duplicate delivery. */
async function entriesOf(redis: Redis, stream: string, messageId: string): Promise<string[]> {
  const entries = await redis.xrange(stream, "-", "+");
  return entries.filter(([, fields]) => fields[fields.indexOf("id") + 1] === messageId).map(([entryId]) => entryId);
}

async function pendingEntries(redis: Redis, stream: string, group: string): Promise<string[]> {
  const pending = (await redis.xpending(stream, group, "-", "+", 1_000)) as Array<[string, string, number, number]>;
  return pending.map(([entryId]) => entryId);
}

/** Whether the group has been handed `entryId` (its last-delivered id is at or past it). */
async function deliveredTo(redis: Redis, stream: string, group: string, entryId: string): Promise<boolean> {
  const groups = (await redis.xinfo("GROUPS", stream)) as unknown[][];
  const info = groups.find((fields) => fields[fields.indexOf("name") + 1] === group);
  const lastDelivered = String(info?.[info.indexOf("last-delivered-id") + 1] ?? "0-0");
  const [lastMs, lastSeq] = lastDelivered.split("-").map(BigInt) as [bigint, bigint];
  const [ms, seq] = entryId.split("-").map(BigInt) as [bigint, bigint];
  return lastMs > ms || (lastMs === ms && lastSeq >= seq);
}

async function waitUntilAcknowledged(stream: string, group: string, entryIds: readonly string[]): Promise<void> {
  await saga.withRedis((redis) =>
    waitFor(`${group} to acknowledge ${entryIds.join(", ")} on ${stream}`, async () => {
      const pending = await pendingEntries(redis, stream, group);
      return entryIds.every((entryId) => !pending.includes(entryId));
    }, 30_000),
  );
}

async function expectCompletedOnce(orderId: string): Promise<void> {
  const sagas = await saga.allSagasEnded();
  expect(sagas.find((row) => row.order_id === orderId)).toMatchObject({ status: "COMPLETED", order_status: "CONFIRMED" });
  const events = await orderEvents(orderId);
  for (const event of ["INVENTORY_RESERVED", "PAYMENT_CAPTURED", "ORDER_CONFIRMED", "SHIPMENT_CREATED"]) expect(countOf(events, event)).toBe(1);
  const payments = await saga.sql<{ status: string }>("payments", `SELECT status::text FROM payments WHERE order_id = $1`, [orderId]);
  expect(payments).toEqual([{ status: "CAPTURED" }]);
  // Payments wrote one reply: exactly one ChargePayment message had its effect applied.
  expect(await outboxRows("payments", "PaymentCaptured", orderId)).toHaveLength(1);
  const steps = await saga.sql<{ name: string; status: string; attempts: number }>(
    "orders",
    `SELECT name, status::text, attempts FROM saga_steps WHERE order_id = $1 ORDER BY position`,
    [orderId],
  );
  // Each command was sent once: whatever arrived twice came from the crash, not from a resend.
  expect(steps.map(({ name, status, attempts }) => [name, status, attempts])).toEqual([
    ["RESERVE_INVENTORY", "SUCCEEDED", 1],
    ["CHARGE_PAYMENT", "SUCCEEDED", 1],
    ["CONFIRM_ORDER", "SUCCEEDED", 1],
    ["CREATE_SHIPMENT", "SUCCEEDED", 1],
  ]);
}

// First: a relay that starts re-sends its recent outbox, so an armed relay started after other orders
// would die on those; here the inventory outbox is still empty when it starts.
it("inventory killed between publish and mark-sent: its reply goes out twice and the orchestrator applies it once", async () => {
  const orderId = await placeOrderCrashing("inventory", "after-publish");

  const reply = await onlyOutboxRow("inventory", "StockReserved", orderId);
  expect(reply.published).toBe(false);
  expect(await saga.withRedis((redis) => entriesOf(redis, Streams.sagaReplies, reply.id))).toHaveLength(1);

  await saga.restart("inventory");
  const entries = await saga.withRedis((redis) =>
    waitFor("the reply sent again and handed to orders", async () => {
      const found = await entriesOf(redis, Streams.sagaReplies, reply.id);
      return found.length === 2 && (await deliveredTo(redis, Streams.sagaReplies, "orders", found[1]!)) && found;
    }, 30_000),
  );
  await waitUntilAcknowledged(Streams.sagaReplies, "orders", entries);

  // The relay marks the row sent when its transaction commits, which may come just after orders acknowledged it.
  await waitFor("the reply's outbox row marked sent", async () => (await onlyOutboxRow("inventory", "StockReserved", orderId)).published, 10_000);
  const processed = await saga.sql("orders", `SELECT consumer FROM processed_messages WHERE message_id = $1::uuid`, [reply.id]);
  expect(processed).toEqual([{ consumer: "orders" }]);
  const reservations = await saga.sql("inventory", `SELECT status::text FROM stock_reservations WHERE order_id = $1`, [orderId]);
  expect(reservations).toEqual([{ status: "RESERVED" }]);
  await expectCompletedOnce(orderId);
});

it("payments killed after committing a charge, before the ack: restarted, it captures once", async () => {
  const orderId = await placeOrderCrashing("payments", "after-commit:ChargePayment");

  const payments = await saga.sql("payments", `SELECT status::text FROM payments WHERE order_id = $1`, [orderId]);
  expect(payments).toEqual([{ status: "CAPTURED" }]);
  const command = await onlyOutboxRow("orders", "ChargePayment", orderId);
  const [entry] = await saga.withRedis((redis) => entriesOf(redis, Streams.paymentCommands, command.id));
  expect(await saga.withRedis((redis) => pendingEntries(redis, Streams.paymentCommands, "payments"))).toContain(entry);

  await saga.restart("payments");
  await waitUntilAcknowledged(Streams.paymentCommands, "payments", [entry!]);
  await expectCompletedOnce(orderId);
});

it("orders killed after committing PaymentCaptured, before the ack: restarted, the order is confirmed once and charged once", async () => {
  const orderId = await placeOrderCrashing("orders", "after-commit:PaymentCaptured");

  expect(countOf(await orderEvents(orderId), "PAYMENT_CAPTURED")).toBe(1);
  const reply = await onlyOutboxRow("payments", "PaymentCaptured", orderId);
  const [entry] = await saga.withRedis((redis) => entriesOf(redis, Streams.sagaReplies, reply.id));
  expect(await saga.withRedis((redis) => pendingEntries(redis, Streams.sagaReplies, "orders"))).toContain(entry);

  await saga.restart("orders");
  await waitUntilAcknowledged(Streams.sagaReplies, "orders", [entry!]);
  await expectCompletedOnce(orderId);
  // One charge command ever, handled by payments once.
  const command = await onlyOutboxRow("orders", "ChargePayment", orderId);
  const processed = await saga.sql("payments", `SELECT consumer FROM processed_messages WHERE message_id = $1::uuid`, [command.id]);
  expect(processed).toHaveLength(1);
});

it("keeps the invariants: no oversell, captures matched, one effect each, nothing left pending", async () => {
  await saga.expectInvariants();
});
