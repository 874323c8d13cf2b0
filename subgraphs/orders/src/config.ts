import { loadSubgraphConfig, type SubgraphConfig } from "../../../packages/config";

export type OrdersConfig = SubgraphConfig;

/** Reads and validates the orders subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  return loadSubgraphConfig("orders", 4004, env);
}
