import type { ApolloServerPlugin } from "@apollo/server";
import { counter, histogram } from "./registry";
import { operationLabeller } from "./operation-label";

const requests = counter({
  name: "graphql_requests_total",
  help: "GraphQL requests answered, by operation and outcome (error: the response carries errors)",
  labelNames: ["operation", "kind", "outcome"],
});

const latency = histogram({
  name: "graphql_request_duration_seconds",
  help: "Time from receiving a GraphQL request to sending its response",
  labelNames: ["operation", "kind"],
});

/** Requests and latency by operation for one service's Apollo Server (the gateway's or a subgraph's). */
export function graphqlMetricsPlugin(service: string): ApolloServerPlugin {
  const label = operationLabeller();
  return {
    async requestDidStart() {
      const startedAt = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, response }) {
          const kind = operation?.operation ?? "unknown";
          // Names only count once the document resolved to an operation; before that they are the client's say-so.
          const operationLabel = operation ? label(operationName) : "unresolved";
          const body = response.body;
          const failed = body.kind === "single" ? Boolean(body.singleResult.errors?.length) : false;
          requests.inc({ service, operation: operationLabel, kind, outcome: failed ? "error" : "ok" });
          latency.observe({ service, operation: operationLabel, kind }, Number(process.hrtime.bigint() - startedAt) / 1e9);
        },
      };
    },
  };
}
