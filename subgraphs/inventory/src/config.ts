import { z } from "zod";
import { loadSubgraphConfig, parseEnv, type SubgraphConfig } from "../../../packages/config";
import { workerSettingsFrom, type WorkerSettings } from "../../../packages/messaging";
import { MESSAGE_TYPES } from "../../../packages/shop-messages";
import { DEFAULT_LOW_STOCK_THRESHOLD } from "./domain/low-stock";

export interface InventoryConfig extends SubgraphConfig {
  /** The checkout saga's stream consumers and outbox relay. */
  workers: WorkerSettings;
  /** A reservation that takes a product's available stock below this tells the admins (LowStock); 0 turns it off. */
  lowStockThreshold: number;
}

const inventorySchema = z.object({
  LOW_STOCK_THRESHOLD: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_LOW_STOCK_THRESHOLD),
});

/** Reads and validates the inventory subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  const own = parseEnv("inventory", inventorySchema, env);
  return {
    ...loadSubgraphConfig("inventory", 4003, env),
    workers: workerSettingsFrom(env, "inventory", MESSAGE_TYPES),
    lowStockThreshold: own.LOW_STOCK_THRESHOLD,
  };
}
