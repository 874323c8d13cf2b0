import { money } from "../../../../packages/money";
import { lineSubtotalCents } from "../domain/order-lines";
import type { CartLineResolvers } from "../generated/graphql";

export const CartLine: CartLineResolvers = {
  // The products subgraph resolves the product; price and weight were read from it for this request.
  product: (line) => ({ id: line.productId }),
  unitPrice: (line) => money(line.unitPriceCents, line.currency),
  subtotal: (line) => money(lineSubtotalCents(line), line.currency),
};
