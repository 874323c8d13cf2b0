import type Redis from "ioredis";
import type { Logger } from "../../../packages/logging";
import { fromStreamFields } from "../../../packages/messaging";
import { parseMessage, Streams } from "../../../packages/shop-messages";

/** What one read of the stream says changed: each order and each user's (or audience's) notifications once, however many events. */
export interface LiveChanges {
  orderIds: Set<string>;
  notifiedUserIds: Set<string>;
  notifiedAudiences: Set<string>;
}

export interface UpdateReaderOptions {
  redis: Redis;
  logger: Logger;
  onChanges: (changes: LiveChanges) => void;
  /** The reader (re)connected after a failure: events in between may be lost, every subscription reads its state again. */
  onResync: () => void;
  blockMs?: number;
  retryMs?: number;
}

const READ_COUNT = 500;
/** How long stop waits for the read in flight to end. */
const STOP_TIMEOUT_MS = 2_000;

type XReadReply = Array<[stream: string, entries: Array<[id: string, fields: string[]]>]> | null;

/** The changes a batch of entries announces; entries that are not live-update messages are skipped. */
export function changesOf(entries: ReadonlyArray<[string, string[]]>, logger: Logger): LiveChanges {
  const changes: LiveChanges = { orderIds: new Set(), notifiedUserIds: new Set(), notifiedAudiences: new Set() };
  for (const [entryId, fields] of entries) {
    try {
      const message = parseMessage(fromStreamFields(Streams.liveUpdates, fields), ["OrderChanged", "NotificationCreated"]);
      if (message.type === "OrderChanged") changes.orderIds.add(message.payload.orderId.toLowerCase());
      else {
        if (message.payload.userId) changes.notifiedUserIds.add(message.payload.userId.toLowerCase());
        if (message.payload.audience) changes.notifiedAudiences.add(message.payload.audience);
      }
    } catch (error) {
      logger.warn({ err: error, entryId }, "unreadable live-update entry skipped");
    }
  }
  return changes;
}

/**
 * Reads the live-updates stream from where this replica last read, without a consumer group: every
 * replica sees every entry. It starts at the stream's end (subscriptions begin with a query of their
 * own, so nothing before is needed). After any failure it starts at the end again and asks every
 * subscription to read its state (onResync): whatever happened in between, each is current again, and
 * the stream's position is taken before those reads, so no later change is missed either.
 */
export function startUpdateReader(options: UpdateReaderOptions): { stop(): Promise<void> } {
  const blockMs = options.blockMs ?? 2000;
  const retryMs = options.retryMs ?? 250;
  // Its own connection: XREAD BLOCK holds it. Commands wait out a reconnect instead of failing at once.
  const reader = options.redis.duplicate({ commandTimeout: blockMs + 5000, maxRetriesPerRequest: 1, enableOfflineQueue: true, enableAutoPipelining: false });
  reader.on("error", (error) => options.logger.debug({ err: error }, "live-update reader: redis unavailable"));
  let running = true;
  let lastId = "0-0";
  // Before the first read: take the stream's end (no subscription needs a resync yet).
  let positioned = false;
  let resyncNeeded = false;
  // A lost connection may not fail the XREAD in flight (ioredis sends it again once reconnected): the
  // reconnect itself says events may have been missed.
  reader.on("reconnecting", () => (resyncNeeded = true));
  // Ends the pause after a failure early, when the reader is stopped (clearing its timer alone would leave the loop waiting for good).
  let wake = () => {};

  async function streamEnd(): Promise<string> {
    const [[id] = []] = (await reader.xrevrange(Streams.liveUpdates, "+", "-", "COUNT", 1)) as Array<[string, string[]]>;
    return id ?? "0-0";
  }

  async function readOnce(): Promise<void> {
    if (!positioned || resyncNeeded) {
      const resync = resyncNeeded;
      resyncNeeded = false;
      lastId = await streamEnd();
      positioned = true;
      if (resync) options.onResync();
    }
    const reply = (await reader.xread("COUNT", READ_COUNT, "BLOCK", blockMs, "STREAMS", Streams.liveUpdates, lastId)) as XReadReply;
    const entries = reply?.[0]?.[1] ?? [];
    if (entries.length === 0) return;
    lastId = entries[entries.length - 1]![0];
    options.onChanges(changesOf(entries, options.logger));
  }

  const loop = (async () => {
    while (running) {
      try {
        await readOnce();
      } catch (error) {
        if (!running) break;
        options.logger.warn({ err: error }, "live-update reader failed; reading the current state again once Redis answers");
        resyncNeeded = true;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, retryMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();

  return {
    stop: async () => {
      running = false;
      wake();
      reader.disconnect();
      // A read queued while Redis is away may never settle once the connection is closed: stop waiting after a while.
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<"gave up">((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS, "gave up")));
      if ((await Promise.race([loop, gaveUp])) === "gave up") options.logger.warn("live-update reader stopped while a Redis read was still waiting");
      clearTimeout(timer);
    },
  };
}
