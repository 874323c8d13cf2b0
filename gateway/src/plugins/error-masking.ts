import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import { ErrorCode, maskFormattedError } from "../../../packages/errors";
import type { Logger } from "../../../packages/logging";
import type { GatewayContext } from "../context";

/** The only extensions a client sees; @apollo/gateway adds others (serviceName, the subgraph's response) that describe our insides. */
const CLIENT_EXTENSIONS = ["code", "field", "requestId"] as const;

function onlyClientExtensions(error: GraphQLFormattedError): GraphQLFormattedError {
  if (!error.extensions) return error;
  const extensions = Object.fromEntries(CLIENT_EXTENSIONS.filter((key) => key in error.extensions!).map((key) => [key, error.extensions![key]]));
  return { ...error, extensions };
}

/**
 * Errors that leak nothing: anything without a client-facing code (subgraph fetch failures with
 * hostnames, unexpected exceptions) becomes INTERNAL_SERVER_ERROR with the request's correlation id;
 * the logs keep the details under the same id.
 */
export function errorMaskingPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (code === undefined || code === ErrorCode.InternalServerError) {
              logger.error({ requestId: contextValue.requestId, err: error.originalError ?? error, path: error.path }, error.message);
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single" || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((formatted) =>
            onlyClientExtensions(maskFormattedError(formatted, undefined, contextValue.requestId)),
          );
        },
      };
    },
  };
}
