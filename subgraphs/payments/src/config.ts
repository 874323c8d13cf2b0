import { z } from "zod";
import { loadSubgraphConfig, parseEnv, type SubgraphConfig } from "../../../packages/config";
import { workerSettingsFrom, type WorkerSettings } from "../../../packages/messaging";
import { MESSAGE_TYPES } from "../../../packages/shop-messages";

export interface PaymentsConfig extends SubgraphConfig {
  workers: WorkerSettings;
  /** How long a call to the payment provider may take before it counts as a transient failure. */
  providerTimeoutMs: number;
  /** The test provider's simulated round trip per call (benchmarks: a real PSP takes hundreds of ms). */
  testProviderLatencyMs: number;
}

const paymentsSchema = z.object({
  PAYMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  PAYMENT_TEST_PROVIDER_LATENCY_MS: z.coerce.number().int().min(0).default(0),
});

/** Reads and validates the payments subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  const own = parseEnv("payments", paymentsSchema, env);
  return {
    ...loadSubgraphConfig("payments", 4005, env),
    workers: workerSettingsFrom(env, "payments", MESSAGE_TYPES),
    providerTimeoutMs: own.PAYMENT_PROVIDER_TIMEOUT_MS,
    testProviderLatencyMs: own.PAYMENT_TEST_PROVIDER_LATENCY_MS,
  };
}
