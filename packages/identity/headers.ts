/** Headers the gateway sets on every subgraph call. Clients' copies of them are dropped at the gateway. */
export const IdentityHeader = {
  userId: "x-shop-user-id",
  role: "x-shop-user-role",
  timestamp: "x-shop-gateway-timestamp",
  signature: "x-shop-gateway-signature",
} as const;

export const REQUEST_ID_HEADER = "x-request-id";

export const GATEWAY_OWNED_HEADERS: readonly string[] = Object.values(IdentityHeader);
