export {
  ConfigError,
  databaseUrl,
  DEFAULT_POSTGRES_URL,
  DEFAULT_REDIS_URL,
  DevelopmentSecret,
  nodeEnv,
  parseEnv,
  port,
  refuseDevelopmentSecrets,
} from "./env";
export { loadSubgraphConfig, type SubgraphConfig } from "./subgraph-config";
export { DEFAULT_PORTS, DOMAINS, type Domain } from "./domains";
