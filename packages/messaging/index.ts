/**
 * The transport: messages, the transactional outbox and its relay, consumer groups with exactly-once
 * effects, dead letters, trimming, crash points and the workers' settings. It carries any message; what
 * the shop's messages are (types, streams, payloads, headers, groups) is packages/shop-messages.
 */
export { newMessage, deadLetterStream, fromStreamFields, toStreamFields, MalformedMessageError, type Message } from "./message";
export type { SqlClient, TransactionalSqlClient } from "./sql-client";
export type { StreamTopology } from "./topology";
export { enqueue, hasUnpublished, lockUnpublished, markPublished, markProcessedMany, republishSince } from "./outbox";
export { startOutboxRelay, epochSeenKey, REDIS_EPOCH_KEY, type OutboxRelay, type OutboxRelayOptions } from "./relay";
export { startStreamConsumer, PoisonMessageError, type StreamConsumer, type StreamConsumerOptions } from "./consumer";
export { handleBatchOnce, handleOnce, type BeforeEffects, type OnceEffect, type PreparedMessage, type TransactionRunner } from "./handle-once";
export { startParticipant, type ConsumerSpec, type ParticipantOptions } from "./participant";
export { workerSettingsFrom, type WorkerSettings } from "./worker-settings";
export { crashPoints, parseCrashPoints, isCrashPoint, UnknownCrashPointError, type CrashPoint, type CrashPoints } from "./crash-points";
export { workersEntry, type StartWorkers, type WorkerDeps } from "./worker-entry";
export { acknowledge, redactPayload, redactStreamFields, wasRedacted, REDACTED, SECRET_PAYLOAD_FIELDS } from "./secrets";
export { startStreamTrimmer, trimStream, trimDeadLetters, type StreamTrimmer, type StreamTrimmerOptions, type TrimResult } from "./stream-trimmer";
export {
  deleteDeadLetter,
  listDeadLetters,
  parseDeadLetterId,
  replayDeadLetter,
  showDeadLetter,
  DeadLetterError,
  type DeadLetter,
  type DeadLetterDetail,
} from "./dead-letters";
