import type { ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext } from "../context";
import type { OperationLimits } from "../edge-config";
import { staticCost, tooComplex } from "../operation-limits";

/**
 * Refuses an operation whose static cost (page sizes multiplied through nesting, with the variables
 * sent) exceeds the limit: QUERY_TOO_COMPLEX, HTTP 400, before it is planned. The document's other
 * limits are checked earlier, in front of Apollo Server (operation-limits/document-limits.ts).
 */
export function operationCostPlugin(limits: Pick<OperationLimits, "maxCost">): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = staticCost(schema, document, operation, request.variables);
          if (cost > limits.maxCost) throw tooComplex("cost", cost, limits.maxCost);
        },
      };
    },
  };
}
