import { signIdentity, type Caller } from "../identity";

export const TEST_SIGNING_SECRET = "test-gateway-signing-secret-0123456789";

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  body: { data?: TData | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
}

/** Posts GraphQL to a subgraph as the gateway would, signed with the test secret. */
export async function postSigned<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  caller: Caller | null = null,
  secret = TEST_SIGNING_SECRET,
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...signIdentity(secret, caller, query) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<TData>["body"] };
}
