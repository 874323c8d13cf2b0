import { canonicalUuid } from "../../../../packages/ids";
import { money } from "../../../../packages/money";
import type { Context } from "../context";
import { cartSubtotal, cartTotal, priceCartLines, totalWeightGrams, type PricedCartLine } from "../domain/cart-pricing";
import type { CartResolvers } from "../generated/graphql";
import { asCartParent, type CartParent } from "./cart-parent";

/** The cart's lines at the catalogue's current prices (the request's one catalogue call, batched). */
async function pricedLines(cart: CartParent, { loaders }: Pick<Context, "loaders">): Promise<PricedCartLine[]> {
  const products = await loaders.currentProduct.loadMany(cart.lines.map((line) => line.productId));
  // A catalogue that cannot answer fails the field (an error), never a price made up here.
  const found = products.map((product) => {
    if (product instanceof Error) throw product;
    return product;
  });
  return priceCartLines(cart.lines, found);
}

export const Cart: CartResolvers = {
  // A later step of a query plan (total, after shipping priced the cart): a guest cart or the caller's own.
  __resolveReference: async (reference, { loaders }) => {
    const id = canonicalUuid(reference.id);
    const cart = id ? await loaders.cartById.load(id) : null;
    const { shippingCost } = reference as { shippingCost?: CartParent["shippingCost"] };
    return cart && { ...cart, shippingCost: shippingCost ?? null };
  },
  lines: (cart, _args, context) => pricedLines(asCartParent(cart), context),
  subtotal: async (cart, _args, context) => {
    const subtotal = cartSubtotal(await pricedLines(asCartParent(cart), context));
    return money(subtotal.cents, subtotal.currency);
  },
  postalCode: (cart) => asCartParent(cart).postalCode,
  updatedAt: (cart) => asCartParent(cart).updatedAt,
  weightGrams: async (cart, _args, context) => totalWeightGrams(await pricedLines(asCartParent(cart), context)),
  // From the priced lines, like weightGrams: a line whose product left the catalogue ships nothing.
  itemCount: async (cart, _args, context) => (await pricedLines(asCartParent(cart), context)).reduce((sum, line) => sum + line.quantity, 0),
  total: async (cart, _args, context) => {
    const parent = asCartParent(cart);
    const total = cartTotal(cartSubtotal(await pricedLines(parent, context)), parent.shippingCost ?? null);
    return money(total.cents, total.currency);
  },
};
