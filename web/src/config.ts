/** The gateway this storefront talks to (VITE_GATEWAY_URL at build or dev time). */
export const GATEWAY_URL: string = import.meta.env.VITE_GATEWAY_URL ?? "http://localhost:4000/graphql";

/** The same endpoint for graphql-ws subscriptions. */
export const GATEWAY_WS_URL = GATEWAY_URL.replace(/^http/, "ws");
