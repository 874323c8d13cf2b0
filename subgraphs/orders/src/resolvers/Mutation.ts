import type { MutationResolvers } from "../generated/graphql";

export const Mutation: MutationResolvers = {
  placeOrder: (_parent, { input }, { caller, checkout, messageHeaders }) => checkout.placeOrder(caller, input, messageHeaders),
  cancelOrder: (_parent, { id }, { caller, checkout, messageHeaders }) => checkout.cancelOrder(caller, id, messageHeaders),
  addToCart: (_parent, { cartId, productId, quantity }, { caller, carts }) => carts.addToCart(caller, cartId, productId, quantity),
  setCartLineQuantity: (_parent, { cartId, productId, quantity }, { caller, carts }) => carts.setCartLineQuantity(caller, cartId, productId, quantity),
  setCartPostalCode: (_parent, { cartId, postalCode }, { caller, carts }) => carts.setCartPostalCode(caller, cartId, postalCode),
  mergeGuestCart: (_parent, { cartId }, { caller, carts }) => carts.mergeGuestCart(caller, cartId),
  checkout: (_parent, { input }, { caller, cartCheckout, messageHeaders }) => cartCheckout.checkoutCart(caller, input, messageHeaders),
};
