import { loadSubgraphConfig, type SubgraphConfig } from "../../../packages/config";
import { workerSettingsFrom, type WorkerSettings } from "../../../packages/messaging";
import { MESSAGE_TYPES } from "../../../packages/shop-messages";

export interface InventoryConfig extends SubgraphConfig {
  /** The checkout saga's stream consumers and outbox relay. */
  workers: WorkerSettings;
}

/** Reads and validates the inventory subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  return { ...loadSubgraphConfig("inventory", 4003, env), workers: workerSettingsFrom(env, "inventory", MESSAGE_TYPES) };
}
