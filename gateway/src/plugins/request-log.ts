import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "../../../packages/logging";
import type { GatewayContext } from "../context";

/** One debug line per answered request (its correlation id comes with every line written for the request). */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      if (!logger.isLevelEnabled("debug")) return;
      const startedAt = performance.now();
      return {
        async willSendResponse({ operationName, operation, response }) {
          const body = response.body;
          logger.debug(
            {
              operation: operationName ?? null,
              kind: operation?.operation ?? null,
              status: response.http.status ?? 200,
              errors: body.kind === "single" ? (body.singleResult.errors?.length ?? 0) : 0,
              ms: Math.round(performance.now() - startedAt),
            },
            "graphql request",
          );
        },
      };
    },
  };
}
