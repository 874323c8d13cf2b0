export { composeSupergraph, readSubgraphSources, type CompositionOutcome, type SubgraphSource } from "./compose";
export {
  CONTRACT_PATH,
  PROJECT_ROOT,
  readSupergraphConfig,
  SUPERGRAPH_CONFIG_PATH,
  SUPERGRAPH_SDL_PATH,
  type SubgraphEntry,
} from "./supergraph-config";
export { findContractViolations } from "./contract";
