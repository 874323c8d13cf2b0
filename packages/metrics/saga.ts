import { counter, gauge, histogram } from "./registry";

/**
 * Metrics of the checkout saga and the Redis streams that carry it, defined once so that every
 * participant reports under the same names. The orchestrator and the participants call these.
 */
const sagaSteps = counter({
  name: "saga_steps_total",
  help: "Checkout saga steps finished, by step and outcome (succeeded, failed, compensated, retried, dead_lettered)",
  labelNames: ["step", "outcome"],
});

const sagaStepDuration = histogram({
  name: "saga_step_duration_seconds",
  help: "Time from sending a saga step's command to handling its reply",
  labelNames: ["step", "outcome"],
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

const streamLag = histogram({
  name: "stream_message_lag_seconds",
  help: "Time from publishing a stream message to a consumer handling it",
  labelNames: ["stream", "group"],
  buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60, 300],
});

const streamPending = gauge({
  name: "stream_pending_messages",
  help: "Messages delivered to a consumer group and not yet acknowledged",
  labelNames: ["stream", "group"],
});

export type SagaStepOutcome = "succeeded" | "failed" | "compensated" | "retried" | "dead_lettered";

export function recordSagaStep(service: string, step: string, outcome: SagaStepOutcome, durationMs: number): void {
  sagaSteps.inc({ service, step, outcome });
  sagaStepDuration.observe({ service, step, outcome }, durationMs / 1000);
}

/** `publishedAtMs` is the stream entry id's time part (`1700000000000-0` -> 1700000000000). */
export function recordStreamLag(service: string, stream: string, group: string, publishedAtMs: number, now = Date.now()): void {
  streamLag.observe({ service, stream, group }, Math.max(0, now - publishedAtMs) / 1000);
}

export function setStreamPending(service: string, stream: string, group: string, pending: number): void {
  streamPending.set({ service, stream, group }, pending);
}

const streamLength = gauge({
  name: "stream_length",
  help: "Entries in a Redis stream after its last trim (bounded when every expected consumer group keeps up)",
  labelNames: ["stream"],
});

const deadLetters = gauge({
  name: "stream_dead_letters",
  help: "Entries in a stream's dead-letter stream, waiting for a person (npm run dead-letters -- list)",
  labelNames: ["stream"],
});

export function setStreamLength(service: string, stream: string, length: number): void {
  streamLength.set({ service, stream }, length);
}

export function setDeadLetterCount(service: string, stream: string, count: number): void {
  deadLetters.set({ service, stream }, count);
}
