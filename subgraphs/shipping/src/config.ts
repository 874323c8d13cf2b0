import { loadSubgraphConfig, type SubgraphConfig } from "../../../packages/config";
import { workerSettingsFrom, type WorkerSettings } from "../../../packages/messaging";
import { MESSAGE_TYPES } from "../../../packages/shop-messages";

export interface ShippingConfig extends SubgraphConfig {
  /** The checkout saga's stream consumer and outbox relay. */
  workers: WorkerSettings;
}

/** Reads and validates the shipping subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ShippingConfig {
  return { ...loadSubgraphConfig("shipping", 4006, env), workers: workerSettingsFrom(env, "shipping", MESSAGE_TYPES) };
}
