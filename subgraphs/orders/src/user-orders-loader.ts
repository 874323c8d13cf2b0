import DataLoader from "dataloader";
import type { Connection } from "../../../packages/pagination";
import { toOrderConnection, type OrderKeyset, type OrderPageRequest } from "./domain/order-pagination";
import type { OrderRepository, OrderSnapshot } from "./repositories/order-repository";

export interface UserOrdersKey extends OrderPageRequest {
  userId: string;
}

const pageKeyOf = (first: number, after: OrderKeyset | null) => JSON.stringify([first, after?.createdAt.toISOString() ?? null, after?.id ?? null]);

function groupByPage(keys: readonly UserOrdersKey[]): Map<string, { page: OrderPageRequest; userIds: Set<string> }> {
  const groups = new Map<string, { page: OrderPageRequest; userIds: Set<string> }>();
  for (const key of keys) {
    const pageKey = pageKeyOf(key.first, key.after);
    const group = groups.get(pageKey) ?? { page: { first: key.first, after: key.after }, userIds: new Set<string>() };
    group.userIds.add(key.userId);
    groups.set(pageKey, group);
  }
  return groups;
}

/**
 * `User.orders` for every user the gateway asks about in one `_entities` call. Users asked with the
 * same page arguments (the usual case: one field in one query) share one page query, and all of them
 * share one count query, so N users cost a fixed number of SQL queries. `adopt` makes the orders the
 * request's snapshot of them (see loaders.ts).
 */
export function userOrdersLoader(
  orders: OrderRepository,
  adopt: (rows: readonly OrderSnapshot[]) => Promise<OrderSnapshot[]>,
): DataLoader<UserOrdersKey, Connection<OrderSnapshot>, string> {
  return new DataLoader(
    async (keys) => {
      const groups = [...groupByPage(keys)];
      const userIds = [...new Set(keys.map((key) => key.userId))];
      const [counts, pages] = await Promise.all([
        orders.countByUsers(userIds),
        Promise.all(groups.map(([, group]) => orders.pagesOfUsers([...group.userIds], group.page))),
      ]);
      const pageByKey = new Map(groups.map(([pageKey], index) => [pageKey, pages[index]]));
      return Promise.all(
        keys.map(async (key) => {
          const rows = pageByKey.get(pageKeyOf(key.first, key.after))?.get(key.userId) ?? [];
          return toOrderConnection(await adopt(rows), key.first, counts.get(key.userId) ?? 0);
        }),
      );
    },
    { cacheKeyFn: (key) => JSON.stringify([key.userId, pageKeyOf(key.first, key.after)]) },
  );
}
