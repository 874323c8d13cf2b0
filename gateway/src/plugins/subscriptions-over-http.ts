import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { GatewayContext } from "../context";

/**
 * @apollo/gateway cannot execute subscriptions: one sent over HTTP is refused with a clear error,
 * before it is planned, instead of a query-planner failure. They are served over WebSocket.
 */
export function subscriptionsOverHttpPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "subscription") return;
          throw new GraphQLError("Subscriptions are served over WebSocket (the graphql-ws protocol, graphql-transport-ws) on /graphql, not over HTTP", {
            extensions: { code: "BAD_REQUEST", http: { status: 400 } },
          });
        },
      };
    },
  };
}
