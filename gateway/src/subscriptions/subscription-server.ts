import type { IncomingMessage, Server } from "node:http";
import { GraphQLError, getOperationAST, parse, print, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from "graphql";
import type { Context } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Caller } from "../../../packages/identity";
import { isUuid } from "../../../packages/ids";
import type { Logger } from "../../../packages/logging";
import type { OperationLimits, SubscriptionSettings } from "../edge-config";
import { GATEWAY_SERVICE, liveConnections, liveRefusals } from "../metrics";
import { documentLimitRefusal, staticCost, tooComplex } from "../operation-limits";
import { LiveCloseCode, LiveCloseReason, verifyConnection, whenExpired, type Authenticate } from "./connection-auth";
import { ConnectionLimits } from "./connection-limits";
import { liveQueryOf } from "./live-documents";
import type { LiveRegistry } from "./live-registry";
import { NotificationSubscription, OrderSubscription, type LiveSubscription, type RunQuery } from "./live-subscription";

export interface SubscriptionServerOptions {
  settings: SubscriptionSettings;
  operationLimits: OperationLimits;
  authenticate: Authenticate;
  /** The API schema the gateway serves (clients' documents are validated against it). */
  schema: () => GraphQLSchema | null;
  /** Queries through the gateway for a connection from this address. */
  run: (clientAddress: string) => RunQuery;
  registry: LiveRegistry;
  /** Why a document may not run here (persisted operations only), or null. */
  admitDocument: (query: string) => GraphQLError | null;
  /** The largest message a client may send (the HTTP body limit). */
  maxPayloadBytes: number;
  logger: Logger;
}

type Extra = { socket: WebSocket; request: IncomingMessage };

/** What the gateway keeps about one signed-in connection. */
interface Connection {
  caller: Caller;
  clientAddress: string;
  expiry: { cancel(): void };
  subscriptions: number;
}

/** The subscription graphql-ws runs, handed from onSubscribe to subscribe in the execution context. */
interface LiveContext {
  subscription: LiveSubscription;
}

const refuse = (message: string, code = "BAD_USER_INPUT") => [new GraphQLError(message, { extensions: { code } })];

/** The variables the operation declares; anything else a client sent is not kept for the subscription's life. */
function definedVariables(document: DocumentNode, operationName: string | null | undefined, sent: Record<string, unknown> | null | undefined): Record<string, unknown> | undefined {
  const declared = getOperationAST(document, operationName)?.variableDefinitions?.map((definition) => definition.variable.name.value) ?? [];
  if (!sent || declared.length === 0) return undefined;
  return Object.fromEntries(declared.filter((name) => Object.hasOwn(sent, name)).map((name) => [name, sent[name]]));
}

/**
 * graphql-ws on the HTTP server's /graphql, beside Apollo's HTTP handler: each connection signs in
 * with connectionParams.authorization (the HTTP check, once), is closed when its token expires, and
 * counts against its user's connection limit. Each subscription is checked against the operation
 * limits and the API schema, then answered by queries through the gateway (see live-subscription.ts).
 */
export function startSubscriptionServer(server: Server, options: SubscriptionServerOptions): { close(): Promise<void> } {
  const { settings, logger, registry } = options;
  const limits = new ConnectionLimits(settings.maxConnectionsPerUser);
  const connections = new WeakMap<Context<Record<string, unknown> | undefined, Extra>, Connection>();
  const wss = new WebSocketServer({ server, path: "/graphql", maxPayload: options.maxPayloadBytes });

  const closeWith = (socket: WebSocket, code: number, reason: string, metric: string) => {
    liveRefusals.inc({ service: GATEWAY_SERVICE, reason: metric });
    socket.close(code, reason);
  };

  /** The subscription a client asked for, with its document; or why it is refused. */
  function subscriptionOf(
    schema: GraphQLSchema,
    connection: Connection,
    id: string,
    payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  ): { subscription: LiveSubscription; document: DocumentNode } | readonly GraphQLError[] {
    const refusedDocument = options.admitDocument(payload.query);
    if (refusedDocument) return [refusedDocument];
    if (options.operationLimits.enabled) {
      const refusal = documentLimitRefusal(payload.query, options.operationLimits);
      if (refusal) return [refusal];
    }
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      if (error instanceof GraphQLError) return refuse(error.message, "GRAPHQL_PARSE_FAILED");
      throw error;
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) return invalid.map((error) => new GraphQLError(error.message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
    const variables = definedVariables(document, payload.operationName, payload.variables);
    const operation = getOperationAST(document, payload.operationName);
    if (options.operationLimits.enabled && operation) {
      const cost = staticCost(schema, document, operation, variables);
      if (cost > options.operationLimits.maxCost) return [tooComplex("cost", cost, options.operationLimits.maxCost)];
    }
    const live = liveQueryOf(document, payload.operationName, variables);
    // What order(id) answers null for (not a UUID) is refused at once, and never held while it waits.
    if (live.field === "orderUpdated" && !isUuid(live.orderId)) return refuse("No such order", "NOT_FOUND");
    const subscriptionOptions = {
      live,
      caller: connection.caller,
      queryText: print(live.query),
      variables,
      run: options.run(connection.clientAddress),
      onEnd: (ended: LiveSubscription) => {
        registry.remove(ended);
        connection.subscriptions -= 1;
      },
      onFailure: (error: unknown) => logger.error({ err: error, subscription: id }, "live update query failed"),
    };
    connection.subscriptions += 1;
    if (live.field === "orderUpdated") {
      const subscription = new OrderSubscription(subscriptionOptions);
      registry.watchOrder(subscription, live.orderId);
      return { subscription, document };
    }
    const subscription = new NotificationSubscription(subscriptionOptions);
    registry.watchNotifications(subscription, connection.caller.userId);
    return { subscription, document };
  }

  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const verdict = await verifyConnection(ctx.connectionParams, options.authenticate);
        if (!verdict.ok) {
          closeWith(socket, LiveCloseCode.Unauthorized, LiveCloseReason[verdict.reason], "unauthenticated");
          return false;
        }
        if (!limits.tryOpen(verdict.caller.userId)) {
          closeWith(socket, LiveCloseCode.TooManyConnections, LiveCloseReason.tooManyConnections(settings.maxConnectionsPerUser), "connection_limit");
          return false;
        }
        liveConnections.inc({ service: GATEWAY_SERVICE });
        const expiry = whenExpired(verdict.expiresAt, () => closeWith(socket, LiveCloseCode.Unauthorized, LiveCloseReason.expired, "token_expired"));
        connections.set(ctx, { caller: verdict.caller, clientAddress: request.socket.remoteAddress ?? "unknown", expiry, subscriptions: 0 });
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const connection = connections.get(ctx);
        const schema = options.schema();
        if (!connection || !schema) return refuse("Not signed in", "UNAUTHENTICATED");
        if (connection.subscriptions >= settings.maxSubscriptionsPerConnection) {
          liveRefusals.inc({ service: GATEWAY_SERVICE, reason: "subscription_limit" });
          return refuse(`At most ${settings.maxSubscriptionsPerConnection} subscriptions per connection`);
        }
        let accepted: ReturnType<typeof subscriptionOf>;
        try {
          accepted = subscriptionOf(schema, connection, id, payload);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          accepted = [error];
        }
        if (!("subscription" in accepted)) {
          liveRefusals.inc({ service: GATEWAY_SERVICE, reason: accepted[0]?.extensions.code === "NOT_FOUND" ? "not_found" : "invalid" });
          // Only the message and the code: `http` and the like are for the HTTP answer.
          return accepted.map((error) => new GraphQLError(error.message, { extensions: { code: error.extensions.code } }));
        }
        const contextValue: LiveContext = { subscription: accepted.subscription };
        // The first answer (orderUpdated: the order as it is now) comes at once.
        accepted.subscription.changed();
        const args: ExecutionArgs = { schema, document: accepted.document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
        return args;
      },
      subscribe: (args) => (args.contextValue as LiveContext).subscription.queue,
      onClose: (ctx) => {
        const connection = connections.get(ctx);
        if (!connection) return;
        connections.delete(ctx);
        connection.expiry.cancel();
        limits.close(connection.caller.userId);
        liveConnections.dec({ service: GATEWAY_SERVICE });
      },
    },
    wss,
  );

  return {
    close: async () => {
      await disposable.dispose();
    },
  };
}
