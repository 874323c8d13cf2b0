import type { IncomingMessage, Server } from "node:http";
import { GraphQLError, print, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from "graphql";
import type { Context } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Caller } from "../../../packages/identity";
import { isUuid } from "../../../packages/ids";
import type { Logger } from "../../../packages/logging";
import type { SubscriptionSettings } from "../edge-config";
import { GATEWAY_SERVICE, liveConnections, liveRefusals } from "../metrics";
import { LiveCloseCode, LiveCloseReason, SessionEndedError, verifyConnection, whenExpired, type Authenticate } from "./connection-auth";
import { ConnectionLimits } from "./connection-limits";
import { liveQueryOf } from "./live-documents";
import { checkSubscriptionDocument, type DocumentChecks, type SubscribePayload } from "./subscription-document";
import type { LiveRegistry } from "./live-registry";
import { NotificationSubscription, OrderSubscription, type LiveSubscription, type RunQuery } from "./live-subscription";

export interface SubscriptionServerOptions extends DocumentChecks {
  settings: SubscriptionSettings;
  authenticate: Authenticate;
  /** The API schema the gateway serves (clients' documents are validated against it). */
  schema: () => GraphQLSchema | null;
  /** Queries through the gateway for a connection from this address. */
  run: (clientAddress: string) => RunQuery;
  registry: LiveRegistry;
  /** The largest message a client may send (the HTTP body limit). */
  maxPayloadBytes: number;
  logger: Logger;
}

type Extra = { socket: WebSocket; request: IncomingMessage };

/** What the gateway keeps about one signed-in connection. */
interface Connection {
  caller: Caller;
  /** What it signed in with, checked again before each answer. */
  connectionParams: unknown;
  socket: WebSocket;
  clientAddress: string;
  expiry: { cancel(): void };
  subscriptions: number;
}

/** The subscription graphql-ws runs, handed from onSubscribe to subscribe in the execution context. */
interface LiveContext {
  subscription: LiveSubscription;
}

const refuse = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

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

  /**
   * Queries for a connection, each after checking its token again as every HTTP request does (a JWT check
   * and one Redis MGET): a session ended by logOut, changePassword or a reused refresh token closes the
   * connection with 4401 at its next answer instead of when the token expires.
   */
  function sessionChecked(connection: Connection, run: RunQuery): RunQuery {
    return async (caller, query, variables) => {
      const verdict = await verifyConnection(connection.connectionParams, options.authenticate);
      if (!verdict.ok) {
        closeWith(connection.socket, LiveCloseCode.Unauthorized, LiveCloseReason.ended, "session_ended");
        throw new SessionEndedError();
      }
      return run(caller, query, variables);
    };
  }

  /** The subscription a client asked for, with its document; or why it is refused. */
  function subscriptionOf(
    schema: GraphQLSchema,
    connection: Connection,
    id: string,
    payload: SubscribePayload,
  ): { subscription: LiveSubscription; document: DocumentNode } | readonly GraphQLError[] {
    const checked = checkSubscriptionDocument(schema, payload, options);
    if (!("document" in checked)) return checked;
    const { document, variables } = checked;
    const live = liveQueryOf(document, payload.operationName, variables);
    // What order(id) answers null for (not a UUID) is refused at once, and never held while it waits.
    if (live.field === "orderUpdated" && !isUuid(live.orderId)) return refuse("No such order", "NOT_FOUND");
    const subscriptionOptions = {
      live,
      caller: connection.caller,
      queryText: print(live.query),
      variables,
      run: sessionChecked(connection, options.run(connection.clientAddress)),
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
    registry.watchNotifications(subscription, connection.caller.userId, connection.caller.role);
    return { subscription, document };
  }

  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      // An unexpected failure closes the socket with 4500 and a generic reason, never its message (as HTTP masks it).
      isProd: true,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const verdict = await verifyConnection(ctx.connectionParams, options.authenticate);
        // Closed while the token was checked (the client left, or the init timeout fired): graphql-ws has already
        // called onClose, so nothing counted from here would ever be given back.
        if (socket.readyState !== socket.OPEN) return false;
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
        connections.set(ctx, {
          caller: verdict.caller,
          connectionParams: ctx.connectionParams,
          socket,
          clientAddress: request.socket.remoteAddress ?? "unknown",
          expiry,
          subscriptions: 0,
        });
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const connection = connections.get(ctx);
        const schema = options.schema();
        if (!connection || !schema) return refuse("Not signed in", "UNAUTHENTICATED");
        if (connection.subscriptions >= settings.maxSubscriptionsPerConnection) {
          liveRefusals.inc({ service: GATEWAY_SERVICE, reason: "subscription_limit" });
          return refuse(`At most ${settings.maxSubscriptionsPerConnection} subscriptions per connection`, "BAD_USER_INPUT");
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
