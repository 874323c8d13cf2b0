import { loadSubgraphConfig, type SubgraphConfig } from "../../../packages/config";

/** The products subgraph needs only what every subgraph needs; demo data is seeded by `npm run seed`. */
export type ProductsConfig = SubgraphConfig;

/** Reads and validates the products subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ProductsConfig {
  return loadSubgraphConfig("products", 4002, env);
}
