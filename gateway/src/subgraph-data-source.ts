import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { REQUEST_ID_HEADER, signIdentity } from "../../packages/identity";
import type { GatewayContext } from "./context";

/**
 * Calls one subgraph. Nothing a client sent is forwarded as is: the verified identity and a
 * signature over it, the time and the subgraph query are set here, so subgraphs can tell a gateway
 * call from a forged one.
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly signingSecret: string,
  ) {
    super({ url });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http?.headers;
    if (!headers) return;
    const context = options.context as Partial<GatewayContext>;
    const signed = signIdentity(this.signingSecret, context.caller ?? null, options.request.query ?? "");
    for (const [name, value] of Object.entries(signed)) headers.set(name, value);
    if (context.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
