import { loadSubgraphConfig, type SubgraphConfig } from "../../../packages/config";

export type NotificationsConfig = SubgraphConfig;

/** Reads and validates the notifications subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  return loadSubgraphConfig("notifications", 4007, env);
}
