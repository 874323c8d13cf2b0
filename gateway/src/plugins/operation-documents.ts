import type { ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext } from "../context";
import { documentParses, GATEWAY_SERVICE, operationDocuments } from "../metrics";
import type { PersistedOperations } from "../persisted-operations";

/**
 * Counts how documents arrive (text, a manifest hash, a registered hash) and how often one is parsed and
 * validated at all: Apollo Server keeps validated documents by their SHA-256, which is the text's whether
 * it came as text or by hash, so a known document is parsed once per replica.
 */
export function operationDocumentsPlugin(manifest: PersistedOperations): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveSource({ metrics, queryHash }) {
          const source = !metrics.persistedQueryHit ? "text" : manifest.has(queryHash) ? "manifest" : "registered";
          operationDocuments.inc({ service: GATEWAY_SERVICE, source });
        },
        async parsingDidStart() {
          documentParses.inc({ service: GATEWAY_SERVICE });
        },
      };
    },
  };
}
