import { loadSubgraphConfig, type SubgraphConfig } from "../../../packages/config";
import { workerSettingsFrom, type WorkerSettings } from "../../../packages/messaging";
import { MESSAGE_TYPES } from "../../../packages/shop-messages";

export interface NotificationsConfig extends SubgraphConfig {
  workers: WorkerSettings;
}

/** Reads and validates the notifications subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  return { ...loadSubgraphConfig("notifications", 4007, env), workers: workerSettingsFrom(env, "notifications", MESSAGE_TYPES) };
}
