export { composeSupergraph, readSubgraphSources, type CompositionOutcome, type SubgraphSource } from "./compose";
export { coordinateAt, formatCompositionProblem, type CompositionProblem } from "./composition-problems";
export {
  CONTRACT_PATH,
  parseSupergraphConfig,
  PROJECT_ROOT,
  projectPaths,
  readSupergraphConfig,
  SUPERGRAPH_CONFIG_PATH,
  SUPERGRAPH_SDL_PATH,
  type ProjectPaths,
  type SubgraphEntry,
} from "./supergraph-config";
export { findContractViolations } from "./contract";
export { CONTRACT_ITEMS_NOT_YET_BUILT } from "./contract-pending";
