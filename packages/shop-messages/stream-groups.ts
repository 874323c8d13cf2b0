import type { StreamTopology } from "../messaging";
import { orderingKeyOf } from "./contracts";
import { Streams, type StreamName } from "./streams";

/**
 * Which consumer groups read each stream, in one place. A group is named after the service that reads
 * (see each subgraph's `src/workers/index.ts`); `stream-groups.unit.test.ts` checks this table against
 * the workers, so a new consumer cannot be forgotten here.
 *
 * The stream trimmer relies on it: a stream is not trimmed until every group listed for it exists, so
 * a consumer that has not started yet (or whose group Redis lost) still finds every entry it must read.
 */
export const STREAM_GROUPS: Readonly<Record<StreamName, readonly string[]>> = {
  [Streams.inventoryCommands]: ["inventory"],
  [Streams.paymentCommands]: ["payments"],
  [Streams.shippingCommands]: ["shipping"],
  [Streams.sagaReplies]: ["orders"],
  [Streams.orderEvents]: ["notifications"],
  [Streams.shipmentEvents]: ["orders", "inventory"],
  [Streams.userEvents]: ["notifications"],
  [Streams.inventoryEvents]: ["notifications"],
  // Read by every gateway replica from its own position, without a group (see FAN_OUT_STREAMS).
  [Streams.liveUpdates]: [],
};

/**
 * Fan-out streams and the length each is capped at. With no consumer group there is nothing pending
 * to trim below, so the relay adds with `MAXLEN ~ <cap>`: the stream stays bounded with no trimmer. A
 * reader only ever needs the entries since it last read (a gateway that fell further behind, or
 * reconnected, reads every subscription's current state again), so the cap is only how much slack
 * a slow reader gets: 10 000 entries of about 300 bytes, a few MB.
 */
export const FAN_OUT_STREAMS: ReadonlyMap<string, number> = new Map<string, number>([[Streams.liveUpdates, 10_000]]);

/**
 * Streams whose messages carry secrets (the payment token of ChargePayment). Each has exactly one
 * group, so an entry that group acknowledged is needed by nobody: it is deleted at once (see
 * `acknowledge` in packages/messaging/secrets.ts), and the trimmer trims these exactly rather than approximately.
 */
export const STREAMS_WITH_SECRETS: ReadonlySet<string> = new Set<string>([Streams.paymentCommands]);

/** The groups a stream must have before it may be trimmed; a stream the table does not know needs none but its own. */
export function expectedGroupsOf(stream: string): readonly string[] {
  return (STREAM_GROUPS as Record<string, readonly string[] | undefined>)[stream] ?? [];
}

/** The shop's streams as the transport needs to know them (startParticipant's `topology`). */
export const SHOP_TOPOLOGY: StreamTopology = {
  groupsOf: expectedGroupsOf,
  carriesSecrets: (stream) => STREAMS_WITH_SECRETS.has(stream),
  orderingKey: orderingKeyOf,
  maxLengthOf: (stream) => FAN_OUT_STREAMS.get(stream),
};
