import { createLogger } from "../logging";
import { startParticipant, type ParticipantOptions } from "./participant";
import { redactStreamFields, REDACTED, wasRedacted } from "./secrets";
import { STREAM_GROUPS, STREAMS_WITH_SECRETS } from "./stream-groups";
import { Streams } from "./streams";
import type { SqlClient } from "./sql-client";
import { toStreamFields, newMessage, fromStreamFields } from "./message";
import { TEST_WORKER_SETTINGS } from "../testing";
import { startWorkers as inventoryWorkers } from "../../subgraphs/inventory/src/workers";
import { startWorkers as notificationsWorkers } from "../../subgraphs/notifications/src/workers";
import { startWorkers as ordersWorkers } from "../../subgraphs/orders/src/workers";
import { startWorkers as paymentsWorkers } from "../../subgraphs/payments/src/workers";
import { startWorkers as shippingWorkers } from "../../subgraphs/shipping/src/workers";
import { startWorkers as usersWorkers } from "../../subgraphs/users/src/workers";

// Each service's workers are started against a recording startParticipant, so the groups they really
// create can be compared with STREAM_GROUPS, which the trimmer trusts.
jest.mock("./participant", () => ({ startParticipant: jest.fn(() => async () => undefined) }));
jest.mock("../../subgraphs/orders/src/workers/deadline-sweeper", () => ({ startDeadlineSweeper: () => async () => undefined }));

describe("STREAM_GROUPS", () => {
  it("names exactly the consumer groups the services' workers create on each stream", async () => {
    const deps = { prisma: {} as never, redis: {} as never, logger: createLogger("groups-test", "silent"), settings: TEST_WORKER_SETTINGS };
    for (const start of [inventoryWorkers, notificationsWorkers, ordersWorkers, paymentsWorkers, shippingWorkers, usersWorkers]) await start(deps)();
    const created: Record<string, string[]> = {};
    for (const [options] of jest.mocked(startParticipant).mock.calls as Array<[ParticipantOptions<SqlClient>]>) {
      // startParticipant names each consumer group after the service.
      for (const { stream } of options.consumers) (created[stream] ??= []).push(options.service);
    }
    const sorted = (table: Record<string, readonly string[]>) => Object.fromEntries(Object.entries(table).map(([stream, groups]) => [stream, [...groups].sort()]));
    expect(sorted(created)).toEqual(sorted(STREAM_GROUPS));
    expect(Object.keys(STREAM_GROUPS).sort()).toEqual(Object.values(Streams).sort());
  });

  it("gives every stream that carries secrets a single group, so an acknowledged entry can be deleted", () => {
    for (const stream of STREAMS_WITH_SECRETS) expect(STREAM_GROUPS[stream as keyof typeof STREAM_GROUPS]).toHaveLength(1);
  });
});

describe("redacting a dead-letter copy", () => {
  it("replaces the payment token and keeps everything else", () => {
    const message = newMessage(Streams.paymentCommands, "ChargePayment", { orderId: "o-1", amountCents: 100, paymentToken: "tok_live_secret" }, { trace: "t" });
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
