import type { ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext } from "../context";
import type { FieldLimits } from "../rate-limits";

/**
 * Per-field limits (logIn, signUp and the supergraph's @rateLimit declarations), checked once the
 * operation is resolved and before it is planned; every aliased occurrence counts. Over a limit the
 * request is refused as a whole: RATE_LIMITED, HTTP 429 and Retry-After. Every answer then carries
 * X-RateLimit-Limit, -Remaining and -Reset for the most restrictive limit the request counted against
 * (the per-caller limit, counted when the context was built, and these).
 */
export function rateLimitsPlugin(fields: FieldLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          await fields.enforce({
            schema,
            document,
            operation,
            variables: request.variables,
            caller: contextValue.caller,
            clientAddress: contextValue.clientAddress,
            report: contextValue.rateLimitReport,
          });
        },
        async willSendResponse({ response, contextValue }) {
          for (const [name, value] of contextValue.rateLimitReport.headers()) response.http.headers.set(name, value);
        },
      };
    },
  };
}
