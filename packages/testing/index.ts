export { createTestDatabase, type TestDatabase } from "./test-database";
export { postSigned, TEST_SIGNING_SECRET, type GraphQLResponse } from "./signed-request";
export { runApp, type RunningApp } from "./running-app";
export { startSupergraph, type RunningSubgraph, type RunningSupergraph, type SupergraphOptions } from "./supergraph";
export {
  serveSubgraph,
  TEST_SUBGRAPH_CONFIG,
  TEST_TOKEN_SETTINGS,
  TEST_WORKER_SETTINGS,
  TEST_SAGA_TIMING,
  type ServedSubgraph,
  type SubgraphParts,
  type TestSubgraphConfig,
} from "./served-subgraph";
export { gatewayClient, logInThrough, type GatewayRequest } from "./gateway-client";
export { startGateway, type RunningGateway, type TestGatewayOptions } from "./gateway";
export { freePort } from "./free-port";
export { findOnPath } from "./find-on-path";
export { startRedisServer, useFileRedis, type FileRedis, type RedisServerOptions, type RedisServerProcess } from "./redis-server";
export { serveSchemaSubgraph, type SchemaSubgraphOptions } from "./schema-subgraph";
export { writeComposedSupergraph, type ComposedSupergraph } from "./composed-supergraph";
export { spawnNode, spawnService, waitForOk, type ServiceProcess } from "./service-process";
export {
  placeSettledOrder,
  readCheckoutOrder,
  readNotifications,
  sagaHasEnded,
  TEST_SHIPPING_ADDRESS,
  waitForNotification,
  waitForOrder,
  type CheckoutLine,
  type CheckoutOrderView,
  type NotificationView,
  type PlacedOrder,
  type SettledOrderRequest,
} from "./checkout";
export { waitFor } from "./wait-for";
export { DEMO_SHOP_ADMIN_PASSWORD, seedDemoDatabases, seedDemoShop, startDemoShop, type DemoShop, type DemoShopOptions } from "./demo-shop";
