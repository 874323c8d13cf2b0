import { loadSubgraphConfig, type SubgraphConfig } from "../../../packages/config";

export type ShippingConfig = SubgraphConfig;

/** Reads and validates the shipping subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ShippingConfig {
  return loadSubgraphConfig("shipping", 4006, env);
}
