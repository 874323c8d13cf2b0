import { z } from "zod";
import { loadSubgraphConfig, parseEnv, type SubgraphConfig } from "../../../packages/config";
import { workerSettingsFrom, type WorkerSettings } from "../../../packages/messaging";
import { MESSAGE_TYPES } from "../../../packages/shop-messages";
import type { SweeperTiming } from "./workers/deadline-sweeper";
import type { GuestCartTiming } from "./workers/guest-cart-sweeper";

export interface OrdersConfig extends SubgraphConfig {
  /** Where names and prices are read when an order is placed. */
  productsUrl: string;
  /** Where shipping costs are asked for (shipping owns the rates): carts and placed orders. */
  shippingUrl: string;
  /** Keep product snapshots and shipping quotes until their owner announces a change (false: ask every time). */
  keepOwnerAnswers: boolean;
  /** Guest carts untouched for longer than ttlMs expire; the sweep deletes them every sweepIntervalMs. */
  guestCarts: GuestCartTiming;
  workers: WorkerSettings;
  /** The orchestrator's clock: deadline before the pivot, quiet time before a resend, sweep interval. */
  saga: SweeperTiming;
}

const ordersSchema = z.object({
  PRODUCTS_URL: z.string().url().default("http://127.0.0.1:4002/graphql"),
  SHIPPING_URL: z.string().url().default("http://127.0.0.1:4006/graphql"),
  ORDERS_KEEP_OWNER_ANSWERS: z.enum(["true", "false"]).default("true"),
  GUEST_CART_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  GUEST_CART_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(3_600_000),
  SAGA_DEADLINE_MS: z.coerce.number().int().positive().default(30_000),
  SAGA_RESEND_AFTER_MS: z.coerce.number().int().positive().default(10_000),
  SAGA_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
});

/** Reads and validates the orders subgraph's environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  const own = parseEnv("orders", ordersSchema, env);
  return {
    ...loadSubgraphConfig("orders", 4004, env),
    productsUrl: own.PRODUCTS_URL,
    shippingUrl: own.SHIPPING_URL,
    keepOwnerAnswers: own.ORDERS_KEEP_OWNER_ANSWERS === "true",
    guestCarts: { ttlMs: Math.round(own.GUEST_CART_TTL_DAYS * 86_400_000), sweepIntervalMs: own.GUEST_CART_SWEEP_INTERVAL_MS },
    workers: workerSettingsFrom(env, "orders", MESSAGE_TYPES),
    saga: { deadlineMs: own.SAGA_DEADLINE_MS, resendAfterMs: own.SAGA_RESEND_AFTER_MS, sweepIntervalMs: own.SAGA_SWEEP_INTERVAL_MS },
  };
}
