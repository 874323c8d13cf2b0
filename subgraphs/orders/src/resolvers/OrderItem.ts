import { money } from "../../../../packages/money";
import { lineSubtotalCents } from "../domain/order-lines";
import type { OrderItemResolvers } from "../generated/graphql";

export const OrderItem: OrderItemResolvers = {
  // The products subgraph resolves the product; the item keeps its own snapshot of name and price.
  product: (item) => ({ id: item.productId }),
  unitPrice: (item) => money(item.unitPriceCents, item.currency),
  subtotal: (item) => money(lineSubtotalCents(item), item.currency),
};
