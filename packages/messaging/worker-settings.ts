import { hostname } from "node:os";
import { z } from "zod";
import { parseEnv } from "../config";
import { parseCrashPoints, type CrashPoint } from "./crash-points";

/** How a service's stream workers behave; the defaults suit production, tests shorten the waits. */
export interface WorkerSettings {
  /** This process's name within each consumer group; unique per process. */
  consumerName: string;
  maxDeliveries: number;
  claimIdleMs: number;
  relayIntervalMs: number;
  blockMs: number;
  /** How many messages (of different orders) each consumer prepares at once. */
  concurrency: number;
  /** How many stream entries each consumer reads at once and commits in one transaction. */
  batchSize: number;
  /** How often each participant trims the streams it reads (below what any group still needs). */
  trimIntervalMs: number;
  /** Dead-letter streams keep about this many entries each; the oldest go beyond it. */
  deadLetterMaxLength: number;
  /** Where this process kills itself (fault tests only, see crash-points.ts); empty in production. */
  crashAt: readonly CrashPoint[];
}

/** `after-commit:ChargePayment,after-publish`; unknown names are refused, not ignored. */
const crashPointList = (messageTypes: readonly string[]) =>
  z
    .string()
    .default("")
    .transform((spec, ctx) => {
      try {
        return parseCrashPoints(spec, messageTypes);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    });

const workerSchema = (messageTypes: readonly string[]) => z.object({
  WORKER_MAX_DELIVERIES: z.coerce.number().int().positive().default(5),
  WORKER_CLAIM_IDLE_MS: z.coerce.number().int().positive().default(15_000),
  WORKER_RELAY_INTERVAL_MS: z.coerce.number().int().positive().default(500),
  WORKER_BLOCK_MS: z.coerce.number().int().positive().default(1_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  WORKER_TRIM_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  WORKER_DEAD_LETTER_MAX_LENGTH: z.coerce.number().int().positive().default(10_000),
  WORKER_CRASH_AT: crashPointList(messageTypes),
  NODE_ENV: z.string().optional(),
}).refine((parsed) => parsed.NODE_ENV !== "production" || parsed.WORKER_CRASH_AT.length === 0, {
  // A production process that kills itself on purpose is a misconfiguration.
  message: "must be empty in production",
  path: ["WORKER_CRASH_AT"],
});

/**
 * The WORKER_* settings of a service's stream workers. `messageTypes` are the types the application's
 * messages may have, the only ones `after-commit:<MessageType>` crash points may name.
 */
export function workerSettingsFrom(env: NodeJS.ProcessEnv, service: string, messageTypes: readonly string[]): WorkerSettings {
  const parsed = parseEnv(service, workerSchema(messageTypes), env);
  return {
    consumerName: `${service}-${hostname()}-${process.pid}`,
    maxDeliveries: parsed.WORKER_MAX_DELIVERIES,
    claimIdleMs: parsed.WORKER_CLAIM_IDLE_MS,
    relayIntervalMs: parsed.WORKER_RELAY_INTERVAL_MS,
    blockMs: parsed.WORKER_BLOCK_MS,
    concurrency: parsed.WORKER_CONCURRENCY,
    batchSize: parsed.WORKER_BATCH_SIZE,
    trimIntervalMs: parsed.WORKER_TRIM_INTERVAL_MS,
    deadLetterMaxLength: parsed.WORKER_DEAD_LETTER_MAX_LENGTH,
    crashAt: parsed.WORKER_CRASH_AT,
  };
}
