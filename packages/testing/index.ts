export { createTestDatabase, type TestDatabase } from "./test-database";
export { postSigned, TEST_SIGNING_SECRET, type GraphQLResponse } from "./signed-request";
export { runApp, type RunningApp } from "./running-app";
export { startSupergraph, type RunningSubgraph, type RunningSupergraph } from "./supergraph";
export {
  serveSubgraph,
  TEST_SUBGRAPH_CONFIG,
  TEST_TOKEN_SETTINGS,
  TEST_WORKER_SETTINGS,
  type ServedSubgraph,
  type SubgraphParts,
  type TestSubgraphConfig,
} from "./served-subgraph";
export { gatewayClient, type GatewayRequest } from "./gateway-client";
