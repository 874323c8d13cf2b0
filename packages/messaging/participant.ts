import type Redis from "ioredis";
import type { Logger } from "../logging";
import { startStreamConsumer, type StreamConsumerOptions } from "./consumer";
import { orderingKeyOf } from "./contracts";
import { crashPoints } from "./crash-points";
import { startOutboxRelay } from "./relay";
import { handleBatchOnce, type OnceEffect, type TransactionRunner } from "./handle-once";
import type { Message } from "./message";
import type { SqlClient, TransactionalSqlClient } from "./sql-client";
import type { WorkerSettings } from "./worker-settings";

/**
 * One stream a participant reads: `prepare` checks a message and does what must happen outside the
 * database (e.g. asking a payment provider), and returns the effect to commit. Effects of a batch of
 * messages are committed in one transaction, each message exactly once (see handleBatchOnce).
 */
export interface ConsumerSpec<Tx extends SqlClient> extends Pick<StreamConsumerOptions, "stream" | "onDeadLetter" | "orderingKey"> {
  prepare(message: Message): Promise<OnceEffect<Tx>>;
}

export interface ParticipantOptions<Tx extends SqlClient> {
  service: string;
  db: TransactionalSqlClient & TransactionRunner<Tx>;
  redis: Redis;
  logger: Logger;
  settings: WorkerSettings;
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
  const consumers = options.consumers.map((spec) =>
    startStreamConsumer<OnceEffect<Tx>>({
      orderingKey: orderingKeyOf,
      ...spec,
      commit: (batch) => handleBatchOnce(options.db, options.service, batch).then(() => undefined),
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
      })
    : null;
  return async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await relay?.stop();
  };
}
