import type Redis from "ioredis";
import type { Logger } from "../logging";
import { startStreamConsumer, type StreamConsumerOptions } from "./consumer";
import { crashPoints } from "./crash-points";
import { startOutboxRelay } from "./relay";
import { handleBatchOnce, type BeforeEffects, type OnceEffect, type PreparedMessage, type TransactionRunner } from "./handle-once";
import type { Message } from "./message";
import type { SqlClient, TransactionalSqlClient } from "./sql-client";
import { startStreamTrimmer } from "./stream-trimmer";
import type { StreamTopology } from "./topology";
import type { WorkerSettings } from "./worker-settings";

/**
 * One stream a participant reads: `prepare` checks a message and does what must happen outside the
 * database (e.g. asking a payment provider), and returns the effect to commit. Effects of a batch of
 * messages are committed in one transaction, each message exactly once (see handleBatchOnce). A
 * consumer that keeps nothing in the database may `handle` each message itself instead.
 */
export type ConsumerSpec<Tx extends SqlClient> = Pick<StreamConsumerOptions, "stream" | "onDeadLetter" | "orderingKey"> &
  (
    | {
        prepare(message: Message): Promise<OnceEffect<Tx>>;
        beforeEffects?: BeforeEffects<Tx>;
        /** Runs after each batch committed, with its messages, before they are acknowledged (e.g. to invalidate cached reads); must not throw. */
        afterCommit?: (messages: Message[]) => Promise<void>;
        handle?: never;
      }
    | { handle(message: Message): Promise<void>; prepare?: never; beforeEffects?: never; afterCommit?: never }
  );

export interface ParticipantOptions<Tx extends SqlClient> {
  service: string;
  db: TransactionalSqlClient & TransactionRunner<Tx>;
  redis: Redis;
  logger: Logger;
  settings: WorkerSettings;
  /** What the application says about its streams: their groups, which carry secrets, the ordering key. */
  topology: StreamTopology;
  consumers: Array<ConsumerSpec<Tx>>;
  /** The service's database: its relay listens there for outbox commits instead of only polling. */
  databaseUrl?: string;
  /** Whether this service writes an outbox that must be published. */
  publishesOutbox: boolean;
}

/**
 * Everything a saga participant runs beside its GraphQL server: one consumer per stream it reads (its
 * consumer group is named after the service) and the relay for its outbox. Each consumer handles
 * messages of different orders side by side and those of one order in sequence. Returns how to stop them all.
 */
export function startParticipant<Tx extends SqlClient>(options: ParticipantOptions<Tx>): () => Promise<void> {
  const { settings } = options;
  const crashAt = crashPoints(settings.crashAt);
  const commitWith = (beforeEffects?: BeforeEffects<Tx>, afterCommit?: (messages: Message[]) => Promise<void>) => async (batch: Array<PreparedMessage<Tx>>) => {
    await handleBatchOnce(options.db, options.service, batch, beforeEffects);
    await afterCommit?.(batch.map(({ message }) => message));
  };
  const consumers = options.consumers.map(({ stream, onDeadLetter, orderingKey, ...handling }) =>
    startStreamConsumer<OnceEffect<Tx>>({
      ...(handling.handle ? { handle: handling.handle } : { prepare: handling.prepare, commit: commitWith(handling.beforeEffects, handling.afterCommit) }),
      stream,
      onDeadLetter,
      orderingKey: orderingKey ?? options.topology.orderingKey,
      carriesSecrets: options.topology.carriesSecrets(stream),
      batchSize: settings.batchSize,
      concurrency: settings.concurrency,
      redis: options.redis,
      group: options.service,
      consumer: settings.consumerName,
      logger: options.logger,
      maxDeliveries: settings.maxDeliveries,
      claimIdleMs: settings.claimIdleMs,
      blockMs: settings.blockMs,
      crashPoints: crashAt,
    }),
  );
  const relay = options.publishesOutbox
    ? startOutboxRelay({
        service: options.service,
        db: options.db,
        redis: options.redis,
        logger: options.logger,
        pollIntervalMs: settings.relayIntervalMs,
        databaseUrl: options.databaseUrl,
        crashPoints: crashAt,
        maxLengthOf: options.topology.maxLengthOf?.bind(options.topology),
      })
    : null;
  // Each participant trims the streams it reads, below what any consumer group still needs.
  const trimmer = startStreamTrimmer({
    redis: options.redis,
    service: options.service,
    logger: options.logger,
    streams: options.consumers.map((spec) => spec.stream),
    topology: options.topology,
    ownGroup: options.service,
    intervalMs: settings.trimIntervalMs,
    deadLetterMaxLength: settings.deadLetterMaxLength,
  });
  return async () => {
    await trimmer.stop();
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await relay?.stop();
  };
}
