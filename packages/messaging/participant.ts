import type Redis from "ioredis";
import type { Logger } from "../logging";
import { startStreamConsumer, type StreamConsumerOptions } from "./consumer";
import { orderingKeyOf } from "./contracts";
import { crashPoints } from "./crash-points";
import { startOutboxRelay } from "./relay";
import { startStreamTrimmer } from "./stream-trimmer";
import type { TransactionalSqlClient } from "./sql-client";
import type { WorkerSettings } from "./worker-settings";

export type ConsumerSpec = Pick<StreamConsumerOptions, "stream" | "handle" | "onDeadLetter" | "orderingKey">;

export interface ParticipantOptions {
  service: string;
  db: TransactionalSqlClient;
  redis: Redis;
  logger: Logger;
  settings: WorkerSettings;
  consumers: ConsumerSpec[];
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
export function startParticipant(options: ParticipantOptions): () => Promise<void> {
  const { settings } = options;
  const crashAt = crashPoints(settings.crashAt);
  const consumers = options.consumers.map((spec) =>
    startStreamConsumer({
      orderingKey: orderingKeyOf,
      ...spec,
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
  // Each participant trims the streams it reads, below what any consumer group still needs.
  const trimmer = startStreamTrimmer({
    redis: options.redis,
    service: options.service,
    logger: options.logger,
    streams: options.consumers.map((spec) => spec.stream),
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
