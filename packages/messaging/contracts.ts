import { z } from "zod";
import { PoisonMessageError } from "./consumer";
import type { Message } from "./message";

/**
 * The messages of the checkout saga and the domain events around it: one zod schema per type. A
 * payload that does not match its schema can never be handled, so it is poison, not a retry.
 */
const uuid = z.string().uuid();
const cents = z.number().int().nonnegative();
const currency = z.string().length(3);
const address = z.object({
  line1: z.string(),
  line2: z.string().nullable().optional(),
  city: z.string(),
  postalCode: z.string(),
  country: z.string(),
});

export const MessageSchemas = {
  // orders -> inventory
  ReserveStock: z.object({ orderId: uuid, lines: z.array(z.object({ productId: uuid, quantity: z.number().int().positive() })).min(1) }),
  ReleaseStock: z.object({ orderId: uuid }),
  // orders -> payments
  ChargePayment: z.object({ orderId: uuid, userId: uuid, amountCents: cents, currency, paymentToken: z.string().min(1) }),
  RefundPayment: z.object({ orderId: uuid }),
  // orders -> shipping
  CreateShipment: z.object({ orderId: uuid, userId: uuid, address }),
  CancelShipment: z.object({ orderId: uuid }),
  // participants -> orders (saga replies)
  StockReserved: z.object({ orderId: uuid }),
  StockRejected: z.object({ orderId: uuid, reason: z.string() }),
  StockReleased: z.object({ orderId: uuid }),
  PaymentCaptured: z.object({ orderId: uuid, paymentId: uuid }),
  PaymentDeclined: z.object({ orderId: uuid, reason: z.string() }),
  PaymentRefunded: z.object({ orderId: uuid }),
  ShipmentCreated: z.object({ orderId: uuid, shipmentId: uuid }),
  ShipmentCancelled: z.object({ orderId: uuid }),
  /** A participant gave up on a command (dead-lettered): the orchestrator compensates and flags the saga. */
  StepAbandoned: z.object({ orderId: uuid, command: z.string(), reason: z.string() }),
  // shipping -> orders, inventory (domain event)
  ShipmentStatusChanged: z.object({
    orderId: uuid,
    shipmentId: uuid,
    status: z.enum(["SHIPPED", "IN_TRANSIT", "DELIVERED", "CANCELLED"]),
  }),
  // orders -> notifications (domain event)
  OrderStatusChanged: z.object({
    orderId: uuid,
    userId: uuid,
    status: z.enum(["CONFIRMED", "FAILED", "CANCELLED", "SHIPPED", "DELIVERED"]),
    totalCents: cents,
    currency,
    reason: z.string().nullable().optional(),
  }),
  // users -> notifications (domain event)
  UserSignedUp: z.object({ userId: uuid, name: z.string() }),
} as const;

export type MessageType = keyof typeof MessageSchemas;
export type PayloadOf<T extends MessageType> = z.infer<(typeof MessageSchemas)[T]>;

export type TypedMessage<T extends MessageType = MessageType> = { [K in T]: Message<PayloadOf<K>> & { type: K } }[T];

/** Narrows a message to one of the types a consumer handles, checking its payload; anything else is poison. */
export function parseMessage<T extends MessageType>(message: Message, accepted: readonly T[]): TypedMessage<T> {
  if (!(accepted as readonly string[]).includes(message.type)) {
    throw new PoisonMessageError(`unexpected message type ${message.type}`);
  }
  const result = MessageSchemas[message.type as T].safeParse(message.payload);
  if (!result.success) throw new PoisonMessageError(`invalid ${message.type} payload: ${result.error.issues[0]?.message ?? "unknown"}`);
  return { ...message, payload: result.data } as TypedMessage<T>;
}

/**
 * Messages about one order (or, before there is an order, one user) are handled in stream order;
 * messages about different ones may be handled side by side.
 */
export function orderingKeyOf(message: Message): string {
  const payload = message.payload as { orderId?: unknown; userId?: unknown } | null;
  if (typeof payload?.orderId === "string") return `order:${payload.orderId}`;
  if (typeof payload?.userId === "string") return `user:${payload.userId}`;
  return `message:${message.id}`;
}
