import { Prisma, type Order, type OrderStatus } from "../../../../prisma/orders/generated/client";
import type { OrderKeyset, OrderPageRequest } from "../domain/order-pagination";
import type { OrdersPrisma } from "./prisma-client";

/** Rows fetched with one extra (the lookahead that tells whether another page follows). */
export interface OrderPage {
  rowsWithLookahead: Order[];
  totalCount: number;
}

const NEWEST_FIRST: Prisma.OrderOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "desc" }];

/** Strictly older than the keyset in newest-first order: (created_at, id) < (keyset). */
function olderThan(keyset: OrderKeyset | null): Prisma.OrderWhereInput {
  if (!keyset) return {};
  return { OR: [{ createdAt: { lt: keyset.createdAt } }, { createdAt: keyset.createdAt, id: { lt: keyset.id } }] };
}

function groupByUser(orders: readonly Order[]): Map<string, Order[]> {
  const byUser = new Map<string, Order[]>();
  for (const order of orders) byUser.set(order.userId, [...(byUser.get(order.userId) ?? []), order]);
  return byUser;
}

export function orderPages(prisma: OrdersPrisma) {
  return {
    /** Every order (or those with one status), newest first; the admin listing. */
    async listOrders(filter: { status: OrderStatus | null }, page: OrderPageRequest): Promise<OrderPage> {
      const where: Prisma.OrderWhereInput = filter.status ? { status: filter.status } : {};
      const [rowsWithLookahead, totalCount] = await Promise.all([
        prisma.order.findMany({ where: { AND: [where, olderThan(page.after)] }, orderBy: NEWEST_FIRST, take: page.first + 1 }),
        prisma.order.count({ where }),
      ]);
      return { rowsWithLookahead, totalCount };
    },

    /**
     * One page of orders for each of many users, in two queries whatever their number: a lateral join
     * picks each user's page of ids (using the (user_id, created_at, id) index), then one query reads
     * those rows. Returns each user's rows newest first, with the lookahead row.
     */
    async pagesOfUsers(userIds: readonly string[], page: OrderPageRequest): Promise<Map<string, Order[]>> {
      const keyset = page.after
        ? Prisma.sql`AND (o.created_at, o.id) < (${page.after.createdAt}::timestamptz, ${page.after.id}::uuid)`
        : Prisma.empty;
      const picked = await prisma.$queryRaw<Array<{ id: string }>>`
        SELECT page.id::text AS id
        FROM unnest(${[...userIds]}::uuid[]) AS owner(user_id)
        CROSS JOIN LATERAL (
          SELECT o.id FROM orders o
          WHERE o.user_id = owner.user_id ${keyset}
          ORDER BY o.created_at DESC, o.id DESC
          LIMIT ${page.first + 1}
        ) AS page`;
      if (picked.length === 0) return new Map();
      const rows = await prisma.order.findMany({ where: { id: { in: picked.map((row) => row.id) } }, orderBy: NEWEST_FIRST });
      return groupByUser(rows);
    },

    /** How many orders each user has (users without any are absent). */
    async countByUsers(userIds: readonly string[]): Promise<Map<string, number>> {
      const counts = await prisma.order.groupBy({ by: ["userId"], where: { userId: { in: [...userIds] } }, _count: { _all: true } });
      return new Map(counts.map((row) => [row.userId, row._count._all]));
    },
  };
}
