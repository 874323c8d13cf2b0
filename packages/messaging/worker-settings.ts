import { hostname } from "node:os";
import { z } from "zod";
import { parseEnv } from "../config";

/** How a service's stream workers behave; the defaults suit production, tests shorten the waits. */
export interface WorkerSettings {
  /** This process's name within each consumer group; unique per process. */
  consumerName: string;
  maxDeliveries: number;
  claimIdleMs: number;
  relayIntervalMs: number;
  blockMs: number;
  /** How many messages (of different orders) each consumer handles at once. */
  concurrency: number;
  /** The orchestrator's clock: deadline before the pivot, quiet time before a resend, sweep interval. */
  saga: { deadlineMs: number; resendAfterMs: number; sweepIntervalMs: number };
}

const workerSchema = z.object({
  WORKER_MAX_DELIVERIES: z.coerce.number().int().positive().default(5),
  WORKER_CLAIM_IDLE_MS: z.coerce.number().int().positive().default(15_000),
  WORKER_RELAY_INTERVAL_MS: z.coerce.number().int().positive().default(50),
  WORKER_BLOCK_MS: z.coerce.number().int().positive().default(1_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  SAGA_DEADLINE_MS: z.coerce.number().int().positive().default(30_000),
  SAGA_RESEND_AFTER_MS: z.coerce.number().int().positive().default(10_000),
  SAGA_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
});

export function workerSettingsFrom(env: NodeJS.ProcessEnv, service: string): WorkerSettings {
  const parsed = parseEnv(service, workerSchema, env);
  return {
    consumerName: `${service}-${hostname()}-${process.pid}`,
    maxDeliveries: parsed.WORKER_MAX_DELIVERIES,
    claimIdleMs: parsed.WORKER_CLAIM_IDLE_MS,
    relayIntervalMs: parsed.WORKER_RELAY_INTERVAL_MS,
    blockMs: parsed.WORKER_BLOCK_MS,
    concurrency: parsed.WORKER_CONCURRENCY,
    saga: { deadlineMs: parsed.SAGA_DEADLINE_MS, resendAfterMs: parsed.SAGA_RESEND_AFTER_MS, sweepIntervalMs: parsed.SAGA_SWEEP_INTERVAL_MS },
  };
}
