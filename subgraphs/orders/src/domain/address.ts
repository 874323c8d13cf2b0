import { normalizeAddress, type AddressInput, type PostalAddress } from "../../../../packages/postal-address";

/** Where an order ships; a snapshot kept with the order. */
export type ShippingAddress = PostalAddress;
export type { AddressInput };

/**
 * The shared address rule (packages/postal-address), its errors naming `shippingAddress.<part>`. Pure:
 * placeOrder calls it before anything reaches a database.
 */
export function normalizeShippingAddress(input: AddressInput): ShippingAddress {
  return normalizeAddress(input, "shippingAddress");
}
