import { loadSubgraphConfig, type SubgraphConfig } from "../../../packages/config";

export type PaymentsConfig = SubgraphConfig;

/** Reads and validates the payments subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  return loadSubgraphConfig("payments", 4005, env);
}
