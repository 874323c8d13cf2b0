import type { GraphQLResponse } from "./signed-request";

/** A client of the gateway as a frontend would be: plain HTTP, optionally with a bearer token. */
export function gatewayClient(graphqlUrl: string) {
  return async function request<TData = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<GraphQLResponse<TData> & { headers: Headers }> {
    const response = await fetch(graphqlUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<TData>["body"] };
  };
}

export type GatewayRequest = ReturnType<typeof gatewayClient>;

/** Signs in through the gateway as a frontend would; fails loudly when the log-in is refused. */
export async function logInThrough(request: GatewayRequest, email: string, password: string): Promise<{ token: string; userId: string }> {
  const { body } = await request<{ logIn: { token: string; user: { id: string } } }>(
    `mutation ($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { id } } }`,
    { email, password },
  );
  if (!body.data) throw new Error(`log-in as ${email} failed: ${JSON.stringify(body.errors)}`);
  return { token: body.data.logIn.token, userId: body.data.logIn.user.id };
}
