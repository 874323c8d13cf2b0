import { z } from "zod";
import { loadSubgraphConfig, parseEnv, type SubgraphConfig } from "../../../packages/config";
import { workerSettingsFrom, type WorkerSettings } from "../../../packages/messaging";

export interface OrdersConfig extends SubgraphConfig {
  /** Where names and prices are read when an order is placed. */
  productsUrl: string;
  workers: WorkerSettings;
}

const ordersSchema = z.object({
  PRODUCTS_URL: z.string().url().default("http://127.0.0.1:4002/graphql"),
});

/** Reads and validates the orders subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  const own = parseEnv("orders", ordersSchema, env);
  return { ...loadSubgraphConfig("orders", 4004, env), productsUrl: own.PRODUCTS_URL, workers: workerSettingsFrom(env, "orders") };
}
