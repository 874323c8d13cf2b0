/** The seven domains, each a subgraph with its own database, in the order they are started. */
export const DOMAINS = ["users", "products", "inventory", "orders", "payments", "shipping", "notifications"] as const;
export type Domain = (typeof DOMAINS)[number];

export const DEFAULT_PORTS: Record<Domain, number> = {
  users: 4001,
  products: 4002,
  inventory: 4003,
  orders: 4004,
  payments: 4005,
  shipping: 4006,
  notifications: 4007,
};
