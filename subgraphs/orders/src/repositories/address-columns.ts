import type { Order } from "../../../../prisma/orders/generated/client";
import type { ShippingAddress } from "../domain/address";

type AddressColumns = Pick<Order, "shipLine1" | "shipLine2" | "shipCity" | "shipPostalCode" | "shipCountry">;

/** An order keeps its shipping address in its own row (a snapshot), one column per part. */
export function toAddressColumns(address: ShippingAddress): AddressColumns {
  return {
    shipLine1: address.line1,
    shipLine2: address.line2,
    shipCity: address.city,
    shipPostalCode: address.postalCode,
    shipCountry: address.country,
  };
}

export function shippingAddressOf(order: AddressColumns): ShippingAddress {
  return {
    line1: order.shipLine1,
    line2: order.shipLine2,
    city: order.shipCity,
    postalCode: order.shipPostalCode,
    country: order.shipCountry,
  };
}
