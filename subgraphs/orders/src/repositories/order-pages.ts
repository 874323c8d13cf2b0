import { Prisma, type OrderStatus } from "../../../../prisma/orders/generated/client";
import type { OrderKeyset, OrderPageRequest } from "../domain/order-pagination";
import { selectOrderSnapshots, type OrderSnapshot } from "./order-snapshots";
import type { OrdersPrisma } from "./prisma-client";

/** Orders fetched with one extra (the lookahead that tells whether another page follows). */
export interface OrderPage {
  rowsWithLookahead: OrderSnapshot[];
  totalCount: number;
}

const NEWEST_FIRST = Prisma.sql`ORDER BY o.created_at DESC, o.id DESC`;

/** Strictly older than the keyset in newest-first order: (created_at, id) < (keyset). */
function olderThan(keyset: OrderKeyset | null): Prisma.Sql {
  return keyset ? Prisma.sql`AND (o.created_at, o.id) < (${keyset.createdAt}::timestamptz, ${keyset.id}::uuid)` : Prisma.empty;
}

function groupByUser(orders: readonly OrderSnapshot[]): Map<string, OrderSnapshot[]> {
  const byUser = new Map<string, OrderSnapshot[]>();
  for (const order of orders) byUser.set(order.userId, [...(byUser.get(order.userId) ?? []), order]);
  return byUser;
}

export function orderPages(prisma: OrdersPrisma) {
  return {
    /** Every order (or those with one status), newest first; the admin listing. */
    async listOrders(filter: { status: OrderStatus | null }, page: OrderPageRequest): Promise<OrderPage> {
      const withStatus = filter.status ? Prisma.sql`AND o.status = ${filter.status}::order_status` : Prisma.empty;
      const [rowsWithLookahead, totalCount] = await Promise.all([
        selectOrderSnapshots(
          prisma,
          Prisma.sql`orders o`,
          Prisma.sql`WHERE true ${withStatus} ${olderThan(page.after)} ${NEWEST_FIRST} LIMIT ${page.first + 1}`,
        ),
        prisma.order.count({ where: filter.status ? { status: filter.status } : {} }),
      ]);
      return { rowsWithLookahead, totalCount };
    },

    /**
     * One page of orders for each of many users in one statement whatever their number: a lateral join
     * picks each user's page (using the (user_id, created_at, id) index) and reads them as snapshots.
     * Returns each user's orders newest first, with the lookahead row.
     */
    async pagesOfUsers(userIds: readonly string[], page: OrderPageRequest): Promise<Map<string, OrderSnapshot[]>> {
      const pages = Prisma.sql`(
        SELECT mine.* FROM unnest(${[...userIds]}::uuid[]) AS owner(user_id)
        CROSS JOIN LATERAL (
          SELECT o.* FROM orders o WHERE o.user_id = owner.user_id ${olderThan(page.after)} ${NEWEST_FIRST} LIMIT ${page.first + 1}
        ) AS mine
      ) o`;
      return groupByUser(await selectOrderSnapshots(prisma, pages, NEWEST_FIRST));
    },

    /** How many orders each user has (users without any are absent). */
    async countByUsers(userIds: readonly string[]): Promise<Map<string, number>> {
      const counts = await prisma.order.groupBy({ by: ["userId"], where: { userId: { in: [...userIds] } }, _count: { _all: true } });
      return new Map(counts.map((row) => [row.userId, row._count._all]));
    },
  };
}
