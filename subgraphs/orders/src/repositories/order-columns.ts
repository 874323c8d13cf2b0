/**
 * The order row's columns under the names Prisma gives its fields, for raw statements that return
 * orders (`alias` is the orders table's alias in the statement).
 */
export function orderColumns(alias: string): string {
  const column = (name: string) => `${alias}.${name}`;
  return `${column("id")}::text AS id, ${column("user_id")}::text AS "userId", ${column("status")}::text AS status,
  ${column("failure_code")}::text AS "failureCode", ${column("failure_reason")} AS "failureReason",
  ${column("ship_line1")} AS "shipLine1", ${column("ship_line2")} AS "shipLine2", ${column("ship_city")} AS "shipCity",
  ${column("ship_postal_code")} AS "shipPostalCode", ${column("ship_country")} AS "shipCountry",
  ${column("subtotal_cents")} AS "subtotalCents", ${column("shipping_cents")} AS "shippingCents",
  ${column("total_cents")} AS "totalCents", ${column("currency")} AS currency, ${column("idempotency_key")} AS "idempotencyKey",
  ${column("created_at")} AS "createdAt", ${column("updated_at")} AS "updatedAt"`;
}
