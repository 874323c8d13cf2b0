import { loadSubgraphConfig, type SubgraphConfig } from "../../../packages/config";

export type InventoryConfig = SubgraphConfig;

/** Reads and validates the inventory subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  return loadSubgraphConfig("inventory", 4003, env);
}
