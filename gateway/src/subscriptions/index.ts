import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { ApolloServer } from "@apollo/server";
import type { GraphQLError, GraphQLSchema } from "graphql";
import type Redis from "ioredis";
import type { Logger } from "../../../packages/logging";
import type { GatewayContext } from "../context";
import type { OperationLimits, SubscriptionSettings } from "../edge-config";
import { RateLimitReport } from "../rate-limits";
import type { Authenticate } from "./connection-auth";
import { LiveRegistry } from "./live-registry";
import type { RunQuery } from "./live-subscription";
import { startSubscriptionServer } from "./subscription-server";
import { startUpdateReader } from "./update-reader";

export { liveQueryOf, LIVE_ID_ALIAS, LIVE_STATUS_ALIAS, NOTIFICATION_WINDOW } from "./live-documents";
export { ConnectionLimits } from "./connection-limits";
export { LiveCloseCode, LiveCloseReason } from "./connection-auth";

export interface LiveUpdatesOptions {
  apollo: ApolloServer<GatewayContext>;
  /** The API schema, once the gateway has loaded it. */
  schema: () => GraphQLSchema | null;
  redis: Redis;
  authenticate: Authenticate;
  settings: SubscriptionSettings;
  operationLimits: OperationLimits;
  admitDocument: (query: string) => GraphQLError | null;
  maxPayloadBytes: number;
  logger: Logger;
}

export interface LiveUpdates {
  /** Serves graphql-ws on this HTTP server's /graphql (once per server). */
  attach(server: Server): void;
  close(): Promise<void>;
}

/** Each re-query is an operation of its own through Apollo Server: the caller's identity, operation cost and error masking as for HTTP. */
function runThrough(apollo: ApolloServer<GatewayContext>): (clientAddress: string) => RunQuery {
  return (clientAddress) => async (caller, query, variables) => {
    const contextValue: GatewayContext = { caller, requestId: `live-${randomUUID()}`, clientAddress, rateLimitReport: new RateLimitReport() };
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== "single") throw new Error("a live-update query answered incrementally");
    return response.body.singleResult;
  };
}

/**
 * Subscriptions beside @apollo/gateway (which executes none): the live-updates stream says what
 * changed, and each subscriber's selection is answered by a query through the gateway as them.
 */
export function createLiveUpdates(options: LiveUpdatesOptions): LiveUpdates {
  const registry = new LiveRegistry();
  const servers: Array<{ close(): Promise<void> }> = [];
  const reader = startUpdateReader({
    redis: options.redis,
    logger: options.logger,
    onChanges: ({ orderIds, notifiedUserIds, notifiedAudiences }) => {
      registry.ordersChanged(orderIds);
      registry.notificationsCreated(notifiedUserIds, notifiedAudiences);
    },
    onResync: () => registry.refreshAll(),
  });
  return {
    attach: (server) => {
      const { settings, operationLimits, authenticate, schema, admitDocument, maxPayloadBytes, logger } = options;
      const run = runThrough(options.apollo);
      servers.push(startSubscriptionServer(server, { settings, operationLimits, authenticate, schema, admitDocument, maxPayloadBytes, logger, run, registry }));
    },
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
      await reader.stop();
    },
  };
}
