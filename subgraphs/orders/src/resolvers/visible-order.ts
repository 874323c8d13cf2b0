import type { Context } from "../context";
import { canonicalUuid } from "../../../../packages/ids";
import { isOwnerOrAdmin } from "../domain/visibility";
import type { OrderSnapshot } from "../repositories/order-repository";

/** An order the caller may see, or null: unknown, someone else's, or not even a UUID look the same. */
export async function loadVisibleOrder(id: string, { caller, loaders }: Pick<Context, "caller" | "loaders">): Promise<OrderSnapshot | null> {
  const orderId = canonicalUuid(id);
  if (orderId === null || caller === null) return null;
  const order = await loaders.orderById.load(orderId);
  return order && isOwnerOrAdmin(caller, order.userId) ? order : null;
}
