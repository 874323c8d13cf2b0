import { Prisma, type Order, type SagaStatus, type SagaStepStatus } from "../../../../prisma/orders/generated/client";
import { orderColumns } from "./order-columns";

/**
 * An order at one moment: its row with its saga, the saga's steps and its history, all read by ONE SQL
 * statement (one statement sees one snapshot of the database). A saga step commits the order, saga,
 * steps and events together, so it lands before or after that statement, never between its parts:
 * the status a client reads always agrees with the saga beside it. Items are not part of it: they are
 * written with the order, in the same transaction, and never change.
 */
export interface OrderSnapshot extends Order {
  /** Null only for an order written without its saga (a bug; the resolver reports it). */
  saga: SagaSnapshot | null;
  /** Oldest first. */
  events: OrderEventSnapshot[];
}

/** What the API shows of a checkout saga. */
export interface SagaSnapshot {
  status: SagaStatus;
  /** In the order they run. */
  steps: SagaStepSnapshot[];
}

export interface SagaStepSnapshot {
  name: string;
  status: SagaStepStatus;
  attempts: number;
  error: string | null;
  updatedAt: Date;
}

export interface OrderEventSnapshot {
  type: string;
  detail: string | null;
  at: Date;
}

/** The client, or a transaction's client (which also sees what the transaction has written). */
export type SnapshotReader = Pick<Prisma.TransactionClient, "$queryRaw">;

/** JSON carries timestamps as ISO strings. */
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };
type SnapshotRow = Order & {
  saga: { status: SagaStatus; steps: Array<Json<SagaStepSnapshot>> } | null;
  events: Array<Json<OrderEventSnapshot>>;
};

// Sub-selects rather than joins: an order has 4 steps and a handful of events, each found by index.
const SNAPSHOT_COLUMNS = Prisma.raw(`${orderColumns("o")},
  CASE WHEN s.order_id IS NULL THEN NULL ELSE json_build_object(
    'status', s.status,
    'steps', (SELECT coalesce(json_agg(json_build_object('name', st.name, 'status', st.status, 'attempts', st.attempts,
                                                         'error', st.error, 'updatedAt', st.updated_at) ORDER BY st.position), '[]'::json)
                FROM saga_steps st WHERE st.order_id = o.id)
  ) END AS saga,
  (SELECT coalesce(json_agg(json_build_object('type', e.type, 'detail', e.detail, 'at', e.at) ORDER BY e.id), '[]'::json)
     FROM order_events e WHERE e.order_id = o.id) AS events`);

function snapshotOf({ saga, events, ...order }: SnapshotRow): OrderSnapshot {
  return {
    ...order,
    saga: saga && { status: saga.status, steps: saga.steps.map((step) => ({ ...step, updatedAt: new Date(step.updatedAt) })) },
    events: events.map((event) => ({ ...event, at: new Date(event.at) })),
  };
}

/**
 * Snapshots of the orders `source` yields (SQL naming them `o`: `orders o`, or a sub-select), filtered
 * and sorted by `rest`. One statement whatever the number of orders.
 */
export async function selectOrderSnapshots(db: SnapshotReader, source: Prisma.Sql, rest: Prisma.Sql = Prisma.empty): Promise<OrderSnapshot[]> {
  const rows = await db.$queryRaw<SnapshotRow[]>`
    SELECT ${SNAPSHOT_COLUMNS} FROM ${source} LEFT JOIN checkout_sagas s ON s.order_id = o.id ${rest}`;
  return rows.map(snapshotOf);
}

export function orderSnapshotsByIds(db: SnapshotReader, ids: readonly string[]): Promise<OrderSnapshot[]> {
  return selectOrderSnapshots(db, Prisma.sql`orders o`, Prisma.sql`WHERE o.id = ANY(${[...ids]}::uuid[])`);
}

/** One order as it is now (inside a transaction: as the transaction sees it); it must exist. */
export async function orderSnapshot(db: SnapshotReader, id: string): Promise<OrderSnapshot> {
  const [snapshot] = await orderSnapshotsByIds(db, [id]);
  if (!snapshot) throw new Error(`order ${id} does not exist`);
  return snapshot;
}
