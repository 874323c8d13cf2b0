import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "urql";
import { createClient as createWsClient } from "graphql-ws";
import { GATEWAY_URL, GATEWAY_WS_URL } from "./config";
import { currentSession, refreshSession } from "./session";

function withAuthorization(init: RequestInit | undefined, token: string | null): RequestInit {
  const headers = new Headers(init?.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  else headers.delete("authorization");
  return { ...init, headers };
}

async function saysUnauthenticated(response: Response): Promise<boolean> {
  if (!(response.headers.get("content-type") ?? "").includes("json")) return false;
  const body = (await response.clone().json().catch(() => null)) as { errors?: Array<{ extensions?: { code?: string } }> } | null;
  return body?.errors?.some((error) => error.extensions?.code === "UNAUTHENTICATED") ?? false;
}

/**
 * fetch with the session's access token: refreshed before it expires, and once more (then the request
 * retried) when the gateway answers UNAUTHENTICATED to a token it no longer accepts.
 */
const authenticatedFetch: typeof fetch = async (input, init) => {
  const session = await currentSession();
  const response = await fetch(input, withAuthorization(init, session?.token ?? null));
  if (session === null || !(await saysUnauthenticated(response))) return response;
  const renewed = await refreshSession(session);
  if (renewed === null || renewed.refreshToken === session.refreshToken) return response;
  return fetch(input, withAuthorization(init, renewed.token));
};

/** One urql client per signed-in user (or guest): a new sign-in gets a fresh cache and a fresh live connection. */
export function createShopClient(): { client: Client; dispose: () => void } {
  const ws = createWsClient({
    url: GATEWAY_WS_URL,
    connectionParams: async () => {
      const session = await currentSession();
      return session ? { authorization: `Bearer ${session.token}` } : {};
    },
  });
  const client = new Client({
    url: GATEWAY_URL,
    fetch: authenticatedFetch,
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
