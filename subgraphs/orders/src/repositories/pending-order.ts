import { randomUUID } from "node:crypto";
import { Prisma, type Order } from "../../../../prisma/orders/generated/client";
import { normalizeShippingAddress, type AddressInput } from "../domain/address";
import { OrderEventType } from "../domain/order-events";
import { orderCharge, type OrderLine } from "../domain/order-lines";
import type { StepState } from "../domain/checkout-saga";
import { SAGA_STEP_NAMES, sagaStepPosition, type SagaStepName } from "../domain/saga-steps";
import { toAddressColumns } from "./address-columns";
import { orderColumns } from "./order-columns";

export interface NewOrder {
  userId: string;
  items: readonly OrderLine[];
  shippingAddress: AddressInput;
  /** Unique per user (a unique index): checkout answers a repeated key with the first order. */
  idempotencyKey?: string | null;
  /** What shipping costs, in the lines' currency, as the shipping subgraph priced it; none when absent. */
  shippingCents?: number;
}

export interface SagaSchedule {
  /** When the deadline sweeper takes over an unfinished saga. */
  deadlineAt: Date;
  /** Handed to payments with the charge command; cleared once the charge has an answer. */
  paymentToken?: string | null;
  /** The steps as the saga starts (its first decision, written with the order); all PENDING without it. */
  steps?: Record<SagaStepName, StepState>;
  /** History entries of the saga's first decision, after ORDER_PLACED. */
  events?: ReadonlyArray<{ type: string; detail: string | null }>;
}

/**
 * Writes a placed order inside the caller's transaction: the order (PENDING, its total from the
 * domain), its lines, its ORDER_PLACED event, and a RUNNING saga with its steps as it starts. One
 * statement (data-modifying CTEs; the foreign keys are checked at its end), because every checkout
 * pays for it. Taking a transaction client lets the checkout service, the only writer of placed
 * orders, write the saga's first outbox message in the same transaction.
 */
export async function writePendingOrder(tx: Prisma.TransactionClient, order: NewOrder, saga: SagaSchedule): Promise<Order> {
  const charge = orderCharge(order.items, order.shippingCents ?? 0);
  const address = toAddressColumns(normalizeShippingAddress(order.shippingAddress));
  const orderId = randomUUID();
  const lines = order.items.map((item, position) => ({ position, ...item }));
  const steps = SAGA_STEP_NAMES.map((name) => ({ name, position: sagaStepPosition(name), ...(saga.steps?.[name] ?? { status: "PENDING", attempts: 0, error: null }) }));
  const [written] = await tx.$queryRawUnsafe<Order[]>(
    `WITH new_order AS (
       INSERT INTO orders (id, user_id, status, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, total_cents, currency, idempotency_key,
                           subtotal_cents, shipping_cents)
       VALUES ($1::uuid, $2::uuid, 'PENDING', $3, $4, $5, $6, $7, $8, $9, $10, $16, $17)
       RETURNING *
     ), lines AS (
       INSERT INTO order_items (id, order_id, position, product_id, product_name, unit_price_cents, currency, quantity)
       SELECT gen_random_uuid(), $1::uuid, line.position, line."productId"::uuid, line."productName", line."unitPriceCents", line.currency, line.quantity
         FROM jsonb_to_recordset($11::jsonb) AS line(position int, "productId" text, "productName" text, "unitPriceCents" int, currency text, quantity int)
     ), placed AS (
       INSERT INTO order_events (order_id, type, detail)
       SELECT $1::uuid, event.type, event.detail
         FROM jsonb_array_elements($12::jsonb) WITH ORDINALITY AS listed(value, position),
              jsonb_to_record(listed.value) AS event(type text, detail text)
        ORDER BY listed.position
     ), saga AS (
       INSERT INTO checkout_sagas (order_id, status, deadline_at, payment_token) VALUES ($1::uuid, 'RUNNING', $13::timestamptz, $14)
     ), steps AS (
       INSERT INTO saga_steps (order_id, name, position, status, attempts, error)
       SELECT $1::uuid, step.name, step.position, step.status::saga_step_status, step.attempts, step.error
         FROM jsonb_to_recordset($15::jsonb) AS step(name text, position int, status text, attempts int, error text)
     )
     SELECT ${orderColumns("new_order")} FROM new_order`,
    orderId,
    order.userId,
    address.shipLine1,
    address.shipLine2,
    address.shipCity,
    address.shipPostalCode,
    address.shipCountry,
    charge.totalCents,
    charge.currency,
    order.idempotencyKey ?? null,
    JSON.stringify(lines),
    JSON.stringify([{ type: OrderEventType.OrderPlaced, detail: null }, ...(saga.events ?? [])]),
    saga.deadlineAt,
    saga.paymentToken ?? null,
    JSON.stringify(steps),
    charge.subtotalCents,
    charge.shippingCents,
  );
  return written!;
}

/** A unique index refused the row, whether Prisma reports it for a model query (P2002) or a raw one (P2010). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  // Through the pg driver adapter a raw query's cause keeps PostgreSQL's own code.
  const cause = (error.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)?.driverAdapterError?.cause;
  return error.code === "P2010" && cause?.originalCode === "23505";
}
