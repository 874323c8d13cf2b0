import type Redis from "ioredis";
import type { Logger } from "../logging";
import { recordStreamLag } from "../metrics";
import { inSpanFromCarrier } from "../tracing";
import type { CrashPoints } from "./crash-points";
import { deadLetterStream } from "./streams";
import { acknowledge, redactStreamFields } from "./secrets";
import { fromStreamFields, MalformedMessageError, type Message } from "./message";

/** A handler's verdict that a message can never succeed: it goes to the dead-letter stream at once. */
export class PoisonMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "PoisonMessageError";
  }
}

export interface StreamConsumerOptions {
  redis: Redis;
  stream: string;
  group: string;
  consumer: string;
  logger: Logger;
  /** Applies the message's effect; resolving means it is committed and the entry may be acknowledged. */
  handle(message: Message): Promise<void>;
  /** Called once for a message given up on (poison or too many deliveries), before it is acknowledged. */
  onDeadLetter?(message: Message | null, reason: string): Promise<void>;
  maxDeliveries?: number;
  /** Entries pending longer than this are taken over by XAUTOCLAIM (from a crashed or stuck consumer). */
  claimIdleMs?: number;
  blockMs?: number;
  batchSize?: number;
  /**
   * Entries with the same key are handled one after another, in stream order; entries with different
   * keys are handled side by side, up to `concurrency` at once. Without a key every entry is its own.
   */
  orderingKey?(message: Message): string;
  concurrency?: number;
  /** Fault tests only: where this consumer kills its process (see crash-points.ts). */
  crashPoints?: CrashPoints;
}

export interface StreamConsumer {
  stop(): Promise<void>;
}

type Entry = [id: string, fields: string[]];
type ReadReply = Array<[stream: string, entries: Entry[]]> | null;
/** An entry with its message read, or why it could not be read (poison). */
interface ReadEntry {
  entryId: string;
  fields: string[];
  message: Message | null;
  unreadable?: unknown;
}

function readEntryOf(stream: string): (entry: Entry) => ReadEntry {
  return ([entryId, fields]) => {
    try {
      return { entryId, fields, message: fromStreamFields(stream, fields) };
    } catch (error) {
      return { entryId, fields, message: null, unreadable: error };
    }
  };
}

/** Groups entries by ordering key, keeping stream order within each group; unreadable entries stand alone. */
function laneByKey(entries: ReadEntry[], orderingKey: ((message: Message) => string) | undefined): Map<string, ReadEntry[]> {
  const lanes = new Map<string, ReadEntry[]>();
  for (const entry of entries) {
    const key = entry.message && orderingKey ? `key:${orderingKey(entry.message)}` : `entry:${entry.entryId}`;
    const lane = lanes.get(key);
    if (lane) lane.push(entry);
    else lanes.set(key, [entry]);
  }
  return lanes;
}

/**
 * A consumer-group reader with at-least-once delivery: it first finishes its own pending entries (a
 * restart after a crash), then takes new ones, and periodically claims entries other consumers left
 * idle. A message is acknowledged only after its handler committed; one that fails `maxDeliveries`
 * times, or cannot be read at all, goes to the dead-letter stream.
 */
export function startStreamConsumer(options: StreamConsumerOptions): StreamConsumer {
  const { redis, stream, group, consumer, logger } = options;
  const maxDeliveries = options.maxDeliveries ?? 5;
  const claimIdleMs = options.claimIdleMs ?? 5_000;
  const blockMs = options.blockMs ?? 1_000;
  const batchSize = options.batchSize ?? 50;
  const concurrency = options.concurrency ?? 1;
  // Blocking reads hold their connection, so each consumer reads on a connection of its own.
  const reader = redis.duplicate();
  let running = true;
  let lastClaimAt = 0;
  const readEntry = readEntryOf(stream);

  async function ensureGroup(): Promise<void> {
    try {
      // From the start of the stream: messages published before the group existed are read too.
      await redis.xgroup("CREATE", stream, group, "0", "MKSTREAM");
    } catch (error) {
      if (!String(error).includes("BUSYGROUP")) throw error;
    }
  }

  async function deliveriesOf(entries: Entry[]): Promise<Map<string, number>> {
    if (entries.length === 0) return new Map();
    const first = entries[0]![0];
    const last = entries[entries.length - 1]![0];
    const pending = (await redis.xpending(stream, group, first, last, entries.length)) as Array<[string, string, number, number]>;
    return new Map(pending.map(([id, , , deliveries]) => [id, deliveries]));
  }

  async function deadLetter(entryId: string, fields: string[], message: Message | null, reason: string): Promise<void> {
    await redis.xadd(deadLetterStream(stream), "*", ...redactStreamFields(fields), "entry", entryId, "group", group, "reason", reason);
    await options.onDeadLetter?.(message, reason);
    await acknowledge(redis, stream, group, entryId);
    logger.error({ stream, group, entryId, messageId: message?.id, reason }, "message moved to the dead-letter stream");
  }

  async function handleEntry(entry: ReadEntry, deliveries: Map<string, number>): Promise<void> {
    const { entryId, fields, message } = entry;
    if (!running) return;
    try {
      if (!message) throw entry.unreadable;
      if ((deliveries.get(entryId) ?? 1) > maxDeliveries) {
        await deadLetter(entryId, fields, message, `failed ${maxDeliveries} deliveries`);
        return;
      }
      // An entry id starts with the time Redis added it: how long the message waited is visible per group.
      recordStreamLag(group, stream, group, Number(entryId.split("-")[0]));
      // The trace the message carries goes on here, so one checkout is one trace across services.
      await inSpanFromCarrier(`${group} ${message.type}`, message.headers, () => options.handle(message), {
        attributes: { "messaging.destination": stream, "messaging.message.id": message.id },
      });
      options.crashPoints?.reach(`after-commit:${message.type}`);
      await acknowledge(redis, stream, group, entryId);
    } catch (error) {
      if (error instanceof MalformedMessageError || error instanceof PoisonMessageError) {
        await deadLetter(entryId, fields, message, error.message);
      } else {
        // Left pending: redelivered by XAUTOCLAIM once idle, up to maxDeliveries times.
        logger.warn({ err: error, stream, group, entryId, messageId: message?.id }, "message handling failed; will retry");
      }
    }
  }

  async function handleEntries(entries: Entry[]): Promise<void> {
    const deliveries = await deliveriesOf(entries);
    const lanes = [...laneByKey(entries.map(readEntry), options.orderingKey).values()];
    // A few workers take whole lanes, so one key's entries never overtake each other.
    const workers = Array.from({ length: Math.min(concurrency, lanes.length) }, async () => {
      for (let lane = lanes.shift(); lane; lane = lanes.shift()) {
        for (const entry of lane) await handleEntry(entry, deliveries);
      }
    });
    await Promise.all(workers);
  }

  async function readOwnPending(): Promise<void> {
    for (let cursor = "0"; running; ) {
      const reply = (await reader.xreadgroup("GROUP", group, consumer, "COUNT", batchSize, "STREAMS", stream, cursor)) as ReadReply;
      const entries = reply?.[0]?.[1] ?? [];
      if (entries.length === 0) return;
      await handleEntries(entries);
      cursor = entries[entries.length - 1]![0];
    }
  }

  async function claimIdle(): Promise<void> {
    if (Date.now() - lastClaimAt < claimIdleMs / 2) return;
    lastClaimAt = Date.now();
    const [, entries] = (await redis.xautoclaim(stream, group, consumer, claimIdleMs, "0-0", "COUNT", batchSize)) as [string, Entry[]];
    // Entries deleted from the stream while pending come back without fields; there is nothing to handle.
    await handleEntries(entries.filter(([, fields]) => Array.isArray(fields) && fields.length > 0));
  }

  async function readNew(): Promise<void> {
    const reply = (await reader.xreadgroup("GROUP", group, consumer, "COUNT", batchSize, "BLOCK", blockMs, "STREAMS", stream, ">")) as ReadReply;
    await handleEntries(reply?.[0]?.[1] ?? []);
  }

  const loop = (async () => {
    let pendingDone = false;
    while (running) {
      try {
        await ensureGroup();
        if (!pendingDone) {
          await readOwnPending();
          pendingDone = true;
        }
        await claimIdle();
        await readNew();
      } catch (error) {
        if (!running) break;
        // NOGROUP after Redis lost its data, or Redis unreachable: recreate the group and read our pending again.
        pendingDone = false;
        logger.warn({ err: error, stream, group }, "stream consumer error; retrying");
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
      reader.disconnect();
    },
  };
}
