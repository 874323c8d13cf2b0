import { randomUUID } from "node:crypto";
import type Redis from "ioredis";
import type { Logger } from "../logging";
import type { CrashPoints } from "./crash-points";
import { toStreamFields } from "./message";
import { listenForOutboxCommits } from "./outbox-listener";
import { hasUnpublished, lockUnpublished, markPublished, republishSince } from "./outbox";
import type { TransactionalSqlClient } from "./sql-client";

export interface OutboxRelayOptions {
  service: string;
  db: TransactionalSqlClient;
  redis: Redis;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
  /**
   * With it, the relay listens for the outbox's commit notifications and publishes at once; the poll
   * (`pollIntervalMs`) then only catches what a notification missed. Without it, it only polls.
   */
  databaseUrl?: string;
  /** How far back messages are sent again when Redis turns out to have lost its data. */
  replayWindowMs?: number;
  /** How often, at most, Redis's epoch is looked at (see REDIS_EPOCH_KEY); not on every publishing round. */
  epochCheckIntervalMs?: number;
  /** Fault tests only: where this relay kills its process (see crash-points.ts). */
  crashPoints?: CrashPoints;
  /** The cap of a fan-out stream (see StreamTopology.maxLengthOf); streams without one grow until trimmed. */
  maxLengthOf?: (stream: string) => number | undefined;
}

/** XADD's arguments before the fields: an approximate cap (whole nodes, never below it) for capped streams. */
function xaddHead(stream: string, maxLength: number | undefined): Array<string | number> {
  return maxLength === undefined ? [stream, "*"] : [stream, "MAXLEN", "~", maxLength, "*"];
}

export interface OutboxRelay {
  /** Publishes what is pending now; resolves with how many messages went out. */
  publishPending(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Redis marks its "epoch" with a key. When the key is gone, or carries a value this service has not
 * seen, Redis restarted without its data: streams and consumer groups are empty, so recent outbox
 * messages are sent again. Consumers deduplicate by message id, so nothing happens twice.
 */
export const REDIS_EPOCH_KEY = "shop:redis-epoch";

/**
 * The epoch each service last replayed for, kept in the same Redis: a process that restarts while Redis
 * kept its data finds its service's mark and sends nothing again; when Redis loses its data, the mark
 * goes with it.
 */
export function epochSeenKey(service: string): string {
  return `${REDIS_EPOCH_KEY}:seen-by:${service}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Publishes each committed outbox row to its stream, then marks it published (at-least-once). */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, redis, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const batchSize = options.batchSize ?? 200;
  let knownEpoch: string | null = null;
  let epochCheckedAt = 0;
  const epochCheckIntervalMs = options.epochCheckIntervalMs ?? 250;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();

  async function replayIfRedisLostData(): Promise<void> {
    // Under load the relay runs a round per commit; a look every few hundred milliseconds is enough, since
    // a message published to a Redis that just lost its data is sent again by the replay that follows.
    if (knownEpoch !== null && Date.now() - epochCheckedAt < epochCheckIntervalMs) return;
    epochCheckedAt = Date.now();
    const epoch = await redis.get(REDIS_EPOCH_KEY);
    if (epoch !== null && epoch === knownEpoch) return;
    if (epoch !== null && epoch === (await redis.get(epochSeenKey(options.service)))) {
      knownEpoch = epoch; // this process is new, Redis is not
      return;
    }
    if (epoch === null) await redis.set(REDIS_EPOCH_KEY, randomUUID(), "NX");
    const settled = await redis.get(REDIS_EPOCH_KEY);
    const since = new Date(Date.now() - (options.replayWindowMs ?? DAY_MS));
    const replayed = await republishSince(db, since);
    if (replayed > 0) logger.warn({ replayed, service: options.service }, "redis epoch changed: sending recent outbox messages again");
    // Marked only after the replay is in the database: a crash in between replays again, which is harmless.
    if (settled !== null) await redis.set(epochSeenKey(options.service), settled);
    knownEpoch = settled;
  }

  async function publishBatch(): Promise<number> {
    return db.$transaction(async (tx) => {
      const messages = await lockUnpublished(tx, batchSize);
      if (messages.length === 0) return 0;
      const pipeline = redis.multi();
      for (const message of messages) pipeline.call("XADD", ...xaddHead(message.stream, options.maxLengthOf?.(message.stream)), ...toStreamFields(message));
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error);
      if (!results || failed) throw failed?.[0] ?? new Error("redis pipeline was discarded");
      options.crashPoints?.reach("after-publish");
      await markPublished(tx, messages.map((message) => message.id));
      return messages.length;
    });
  }

  async function publishPending(notified = false): Promise<number> {
    await replayIfRedisLostData();
    // Most polls find nothing: one indexed look instead of opening a transaction each time. A commit's
    // notification says there is something, so the look is skipped then.
    if (!notified && !(await hasUnpublished(db))) return 0;
    let total = 0;
    for (let batch = await publishBatch(); batch > 0; batch = batch === batchSize ? await publishBatch() : 0) total += batch;
    return total;
  }

  let publishing = false;
  let wokenWhilePublishing = false;
  const tick = (notified = false) => {
    if (!running) return;
    clearTimeout(timer);
    publishing = true;
    current = publishPending(notified)
      .catch((error: unknown) => logger.warn({ err: error, service: options.service }, "outbox relay could not publish; will retry"))
      .finally(() => {
        publishing = false;
        if (!running) return;
        // A commit announced during this round may have missed it: go again at once rather than at the next poll.
        if (wokenWhilePublishing) setImmediate(() => tick(true));
        else timer = setTimeout(tick, pollIntervalMs);
        wokenWhilePublishing = false;
      });
  };
  const wake = () => {
    if (publishing) wokenWhilePublishing = true;
    else tick(true);
  };
  const listener = options.databaseUrl ? listenForOutboxCommits(options.databaseUrl, logger, wake) : null;
  tick();

  return {
    publishPending: () => publishPending(),
    stop: async () => {
      running = false;
      clearTimeout(timer);
      await listener?.stop();
      await current;
    },
  };
}
