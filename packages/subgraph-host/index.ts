export { createSubgraphApp, MAX_BODY_BYTES, type SubgraphApp, type SubgraphAppOptions } from "./create-subgraph-app";
export type { VerifiedRequestLocals } from "./identity-middleware";
export { jsonBody } from "./json-body";
export { jsonErrorHandler, notFoundHandler, sendJsonError } from "./json-errors";
export { healthRoutes, type ReadyBody } from "./health-routes";
export { closeServer, listen } from "./listen";
export { SHUTDOWN_DRAIN_MS, stopOnSignals } from "./run-service";
export { readSubgraphSchema } from "./schema-file";
export { runSubgraph, type SubgraphEntryPoint } from "./run-subgraph";
