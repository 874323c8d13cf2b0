import { z } from "zod";
import { loadSubgraphConfig, parseEnv, type SubgraphConfig } from "../../../packages/config";
import { workerSettingsFrom, type WorkerSettings } from "../../../packages/messaging";

export interface PaymentsConfig extends SubgraphConfig {
  workers: WorkerSettings;
  /** How long a call to the payment provider may take before it counts as a transient failure. */
  providerTimeoutMs: number;
}

const paymentsSchema = z.object({
  PAYMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

/** Reads and validates the payments subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  const own = parseEnv("payments", paymentsSchema, env);
  return {
    ...loadSubgraphConfig("payments", 4005, env),
    workers: workerSettingsFrom(env, "payments"),
    providerTimeoutMs: own.PAYMENT_PROVIDER_TIMEOUT_MS,
  };
}
