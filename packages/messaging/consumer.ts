import type Redis from "ioredis";
import type { Logger } from "../logging";
import { recordStreamLag } from "../metrics";
import { inBatchSpan, inSpanFromCarrier, type SpanContext } from "../tracing";
import type { CrashPoints } from "./crash-points";
import { keepClaimed } from "./keep-claimed";
import { acknowledge, redactStreamFields } from "./secrets";
import { deadLetterStream, fromStreamFields, MalformedMessageError, type Message } from "./message";

/** A handler's verdict that a message can never succeed: it goes to the dead-letter stream at once. */
export class PoisonMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "PoisonMessageError";
  }
}

/**
 * How a consumer applies messages: either `handle` applies one message and commits it itself, or
 * `prepare` does a message's work outside any transaction (checks, calls to other systems) and returns
 * its effect, and `commit` applies the effects of a whole batch in one transaction.
 */
export type MessageHandling<Effect> =
  | { handle(message: Message): Promise<void>; prepare?: never; commit?: never }
  | { prepare(message: Message): Promise<Effect>; commit(batch: Array<{ message: Message; effect: Effect }>): Promise<void>; handle?: never };

export type StreamConsumerOptions<Effect = unknown> = MessageHandling<Effect> & {
  redis: Redis;
  stream: string;
  group: string;
  consumer: string;
  logger: Logger;
  /** The stream carries secrets: an acknowledged entry is deleted at once (see StreamTopology). */
  carriesSecrets?: boolean;
  /** Called once for a message given up on (poison or too many deliveries), before it is acknowledged. */
  onDeadLetter?(message: Message | null, reason: string): Promise<void>;
  maxDeliveries?: number;
  /** Entries pending longer than this are taken over by XAUTOCLAIM (from a crashed or stuck consumer). */
  claimIdleMs?: number;
  blockMs?: number;
  /**
   * At most this many entries are committed in one transaction. A consumer reads this many at once, and
   * at least MIN_READ_COUNT, so that small batches are committed side by side (up to `concurrency`).
   */
  batchSize?: number;
  /**
   * Entries with the same key are handled one after another, in stream order; entries with different
   * keys are prepared (and, in batches of `batchSize`, committed) side by side, up to `concurrency` at
   * once. Without a key every entry is its own.
   */
  orderingKey?(message: Message): string;
  concurrency?: number;
  /** How long stop() waits for the entries in hand before it gives up on them (they stay pending). */
  stopTimeoutMs?: number;
  /** Fault tests only: where this consumer kills its process (see crash-points.ts). */
  crashPoints?: CrashPoints;
};

export interface StreamConsumer {
  stop(): Promise<void>;
}

type Entry = [id: string, fields: string[]];
/** Entries read at once at the least: with one entry per transaction, several orders' still go side by side. */
const MIN_READ_COUNT = 50;
/** A readable entry with the effect its handler prepared. */
interface Prepared<Effect> {
  entry: ReadEntry;
  message: Message;
  effect: Effect;
  /** The span its handling continued the message's trace in; its commit is traced beneath or linked to it. */
  handledIn: SpanContext;
}
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

/**
 * Splits entries into waves: the first entry of every ordering key, then the second of every key, and
 * so on. Within a wave no two entries share a key, so a wave's entries can be committed together (in
 * batches) while each key's entries keep their stream order across waves. Without a key (or a message)
 * an entry is its own key.
 */
export function wavesByKey<T extends { entryId: string; message: Message | null }>(entries: T[], orderingKey: ((message: Message) => string) | undefined): T[][] {
  const seenPerKey = new Map<string, number>();
  const waves: T[][] = [];
  for (const entry of entries) {
    const key = entry.message && orderingKey ? `key:${orderingKey(entry.message)}` : `entry:${entry.entryId}`;
    const wave = seenPerKey.get(key) ?? 0;
    seenPerKey.set(key, wave + 1);
    (waves[wave] ??= []).push(entry);
  }
  return waves;
}

/** Runs `work` on every item, at most `limit` at once, keeping the results in the items' order. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index]!);
  });
  await Promise.all(workers);
  return results;
}

/**
 * A consumer-group reader with at-least-once delivery: it first finishes its own pending entries (a
 * restart after a crash), then takes new ones, and periodically claims entries other consumers left
 * idle. A message is acknowledged only after its handler committed; one that fails `maxDeliveries`
 * times, or cannot be read at all, goes to the dead-letter stream.
 */
export function startStreamConsumer<Effect>(options: StreamConsumerOptions<Effect>): StreamConsumer {
  const { redis, stream, group, consumer, logger } = options;
  const maxDeliveries = options.maxDeliveries ?? 5;
  const claimIdleMs = options.claimIdleMs ?? 5_000;
  const blockMs = options.blockMs ?? 1_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  const batchSize = options.batchSize ?? 50;
  const readCount = Math.max(batchSize, MIN_READ_COUNT);
  const concurrency = options.concurrency ?? 1;
  // With `handle`, preparing a message is handling it, and there is nothing left to commit.
  const { prepare, commit } = options.handle
    ? { prepare: options.handle as (message: Message) => Promise<Effect>, commit: async () => {} }
    : options;
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

  /** Entries read as new: each delivered once (a missing id counts as one delivery). */
  const firstDeliveries = async (): Promise<Map<string, number>> => new Map();

  async function deadLetter(entryId: string, fields: string[], message: Message | null, reason: string): Promise<void> {
    await redis.xadd(deadLetterStream(stream), "*", ...redactStreamFields(fields), "entry", entryId, "group", group, "reason", reason);
    await options.onDeadLetter?.(message, reason);
    await acknowledge(redis, stream, group, [entryId], options.carriesSecrets);
    logger.error({ stream, group, entryId, messageId: message?.id, reason }, "message moved to the dead-letter stream");
  }

  /** A message that failed: poison goes to the dead letters at once, anything else stays pending for a retry. */
  async function failed(entry: ReadEntry, error: unknown): Promise<void> {
    if (error instanceof MalformedMessageError || error instanceof PoisonMessageError) {
      await deadLetter(entry.entryId, entry.fields, entry.message, error.message);
    } else {
      // Left pending: redelivered by XAUTOCLAIM once idle, up to maxDeliveries times.
      logger.warn({ err: error, stream, group, entryId: entry.entryId, messageId: entry.message?.id }, "message handling failed; will retry");
    }
  }

  /** The entries that can be handled; the unreadable and the too often delivered go to the dead letters. */
  async function handleable(entries: ReadEntry[], deliveries: Map<string, number>): Promise<ReadEntry[]> {
    const kept: ReadEntry[] = [];
    for (const entry of entries) {
      if (!entry.message) await failed(entry, entry.unreadable);
      else if ((deliveries.get(entry.entryId) ?? 1) > maxDeliveries) await deadLetter(entry.entryId, entry.fields, entry.message, `failed ${maxDeliveries} deliveries`);
      else kept.push(entry);
    }
    return kept;
  }

  const spanOf = (message: Message) => ({ name: `${group} ${message.type}`, attributes: { "messaging.destination": stream, "messaging.message.id": message.id } });

  /** Prepares one entry in the span its message's trace continues in; null when it failed (already dealt with). */
  async function prepareEntry(entry: ReadEntry): Promise<Prepared<Effect> | null> {
    const message = entry.message!;
    // An entry id starts with the time Redis added it: how long the message waited is visible per group.
    recordStreamLag(group, stream, group, Number(entry.entryId.split("-")[0]));
    const { name, attributes } = spanOf(message);
    try {
      let handledIn!: SpanContext;
      const effect = await inSpanFromCarrier(
        name,
        message.headers,
        (span) => {
          handledIn = span.spanContext();
          return prepare(message);
        },
        { attributes },
      );
      return { entry, message, effect, handledIn };
    } catch (error) {
      await failed(entry, error);
      return null;
    }
  }

  /** Commits prepared entries in one transaction; if that fails, one by one, so a poison entry fails alone. */
  async function commitAll(prepared: Array<Prepared<Effect>>): Promise<Array<Prepared<Effect>>> {
    try {
      await commit(prepared);
      return prepared;
    } catch (error) {
      if (prepared.length === 1) {
        await failed(prepared[0]!.entry, error);
        return [];
      }
      const committed: Array<Prepared<Effect>> = [];
      for (const one of prepared) committed.push(...(await commitAll([one])));
      return committed;
    }
  }

  async function handleWave(wave: ReadEntry[]): Promise<void> {
    const prepared = (await mapWithLimit(wave, concurrency, prepareEntry)).filter((entry): entry is Prepared<Effect> => entry !== null);
    if (prepared.length === 0 || !running) return;
    const batches = Array.from({ length: Math.ceil(prepared.length / batchSize) }, (_, index) => prepared.slice(index * batchSize, (index + 1) * batchSize));
    await mapWithLimit(batches, concurrency, settle);
  }

  /** Commits a batch, then acknowledges what committed, in one span beneath (or linked to) its messages' spans. */
  function settle(batch: Array<Prepared<Effect>>): Promise<void> {
    return inBatchSpan(`${group} commit`, batch.map(({ handledIn }) => handledIn), async () => {
      const committed = await commitAll(batch);
      for (const { message } of committed) options.crashPoints?.reach(`after-commit:${message.type}`);
      if (committed.length > 0) await acknowledge(redis, stream, group, committed.map(({ entry }) => entry.entryId), options.carriesSecrets);
    });
  }

  /** Handles entries read or claimed; `countDeliveries` says how often each was delivered (XPENDING by default). */
  async function handleEntries(entries: Entry[], countDeliveries: (entries: Entry[]) => Promise<Map<string, number>> = deliveriesOf): Promise<void> {
    if (entries.length === 0) return;
    const release = keepClaimed({ redis, stream, group, consumer, claimIdleMs, logger }, entries.map(([entryId]) => entryId));
    try {
      const readable = await handleable(entries.map(readEntry), await countDeliveries(entries));
      for (const wave of wavesByKey(readable, options.orderingKey)) {
        if (!running) return;
        await handleWave(wave);
      }
    } finally {
      release();
    }
  }

  async function readOwnPending(): Promise<void> {
    for (let cursor = "0"; running; ) {
      const reply = (await reader.xreadgroup("GROUP", group, consumer, "COUNT", readCount, "STREAMS", stream, cursor)) as ReadReply;
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
    const reply = (await reader.xreadgroup("GROUP", group, consumer, "COUNT", readCount, "BLOCK", blockMs, "STREAMS", stream, ">")) as ReadReply;
    // Entries read with ">" are delivered for the first time: no need to ask XPENDING how often.
    await handleEntries(reply?.[0]?.[1] ?? [], firstDeliveries);
  }

  const loop = (async () => {
    // The group is made (and our own pending entries read) at the start and again after any error, not on every read.
    let ready = false;
    while (running) {
      try {
        if (!ready) {
          await ensureGroup();
          await readOwnPending();
          ready = true;
        }
        await claimIdle();
        await readNew();
      } catch (error) {
        if (!running) break;
        // NOGROUP after Redis lost its data, or Redis unreachable: recreate the group and read our pending again.
        ready = false;
        logger.warn({ err: error, stream, group }, "stream consumer error; retrying");
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();

  return {
    stop: async () => {
      running = false;
      // Closing the reader ends a blocking read at once, also one waiting for a Redis that is gone.
      reader.disconnect();
      // A command on the shared connection may wait for a Redis that is gone until its retries run out:
      // stop waiting after a while. What was not acknowledged stays pending and is delivered again.
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<"gave up">((resolve) => (timer = setTimeout(resolve, stopTimeoutMs, "gave up")));
      if ((await Promise.race([loop, gaveUp])) === "gave up") logger.warn({ stream, group }, "stream consumer stopped while a Redis command was still waiting");
      clearTimeout(timer);
    },
  };
}
