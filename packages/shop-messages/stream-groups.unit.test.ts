import { createLogger } from "../logging";
import { startParticipant, type ParticipantOptions, type SqlClient } from "../messaging";
import { MessageContracts } from "./contracts";
import { FAN_OUT_STREAMS, SHOP_TOPOLOGY, STREAM_GROUPS, STREAMS_WITH_SECRETS } from "./stream-groups";
import { Streams } from "./streams";
import { TEST_SUBGRAPH_CONFIG, TEST_WORKER_SETTINGS } from "../testing";
import { startWorkers as inventoryWorkers } from "../../subgraphs/inventory/src/workers";
import { startWorkers as notificationsWorkers } from "../../subgraphs/notifications/src/workers";
import { startWorkers as ordersWorkers } from "../../subgraphs/orders/src/workers";
import { startWorkers as paymentsWorkers } from "../../subgraphs/payments/src/workers";
import { startWorkers as shippingWorkers } from "../../subgraphs/shipping/src/workers";
import { startWorkers as usersWorkers } from "../../subgraphs/users/src/workers";

// Each service's workers are started against a recording startParticipant, so the groups they really
// create can be compared with STREAM_GROUPS, which the trimmer trusts.
jest.mock("../messaging/participant", () => ({ startParticipant: jest.fn(() => async () => undefined) }));
jest.mock("../../subgraphs/orders/src/workers/deadline-sweeper", () => ({ startDeadlineSweeper: () => async () => undefined }));

describe("STREAM_GROUPS", () => {
  it("names exactly the consumer groups the services' workers create on each stream", async () => {
    const deps = { prisma: {} as never, redis: {} as never, logger: createLogger("groups-test", "silent"), settings: TEST_WORKER_SETTINGS, config: TEST_SUBGRAPH_CONFIG };
    for (const start of [inventoryWorkers, notificationsWorkers, ordersWorkers, paymentsWorkers, shippingWorkers, usersWorkers]) await start(deps)();
    // Fan-out streams are read without groups: no worker creates one.
    const created: Record<string, string[]> = Object.fromEntries([...FAN_OUT_STREAMS.keys()].map((stream) => [stream, []]));
    const calls = jest.mocked(startParticipant).mock.calls as Array<[ParticipantOptions<SqlClient>]>;
    for (const [options] of calls) {
      // startParticipant names each consumer group after the service.
      for (const { stream } of options.consumers) (created[stream] ??= []).push(options.service);
      // And every service tells the transport about the shop's streams the same way.
      expect(options.topology).toBe(SHOP_TOPOLOGY);
    }
    const sorted = (table: Record<string, readonly string[]>) => Object.fromEntries(Object.entries(table).map(([stream, groups]) => [stream, [...groups].sort()]));
    expect(sorted(created)).toEqual(sorted(STREAM_GROUPS));
    expect(Object.keys(STREAM_GROUPS).sort()).toEqual(Object.values(Streams).sort());
  });

  it("knows every stream a message type travels on", () => {
    for (const { stream } of Object.values(MessageContracts)) {
      if (!FAN_OUT_STREAMS.has(stream)) expect(STREAM_GROUPS[stream].length).toBeGreaterThan(0);
    }
  });

  it("caps every fan-out stream by length, and only those: they have no group and nothing pending to trim below", () => {
    for (const stream of Object.values(Streams)) {
      expect(SHOP_TOPOLOGY.maxLengthOf?.(stream)).toBe(FAN_OUT_STREAMS.get(stream));
      expect(STREAM_GROUPS[stream].length === 0).toBe(FAN_OUT_STREAMS.has(stream));
    }
    expect(SHOP_TOPOLOGY.maxLengthOf?.(Streams.liveUpdates)).toBeGreaterThan(0);
  });

  it("gives every stream that carries secrets a single group, so an acknowledged entry can be deleted", () => {
    for (const stream of STREAMS_WITH_SECRETS) expect(STREAM_GROUPS[stream as keyof typeof STREAM_GROUPS]).toHaveLength(1);
    expect(SHOP_TOPOLOGY.carriesSecrets(Streams.paymentCommands)).toBe(true);
    expect(SHOP_TOPOLOGY.carriesSecrets(Streams.sagaReplies)).toBe(false);
  });
});
