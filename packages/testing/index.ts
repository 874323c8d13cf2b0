export { createTestDatabase, type TestDatabase } from "./test-database";
export { postSigned, TEST_SIGNING_SECRET, type GraphQLResponse } from "./signed-request";
export { runApp, type RunningApp } from "./running-app";
export { startSupergraph, TEST_TOKEN_SETTINGS, type RunningSubgraph, type RunningSupergraph } from "./supergraph";
export { gatewayClient, type GatewayRequest } from "./gateway-client";
