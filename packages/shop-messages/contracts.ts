import { randomUUID } from "node:crypto";
import { z } from "zod";
import { PoisonMessageError, type Message } from "../messaging";
import { headerRecord, type MessageHeaders } from "./headers";
import { Streams, type StreamName } from "./streams";

/**
 * The shop's message vocabulary, in one table: every message type with the stream it travels on and
 * the zod schema of its payload. Producers name a type and get its stream and payload type from here
 * (`shopMessage`); consumers check what they read against it (`parseMessage`). A payload that does not
 * match its schema can never be handled, so it is poison, not a retry.
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

/** Set when a shipment ships; optional so that messages written before these fields existed still parse. */
const tracking = { carrier: z.string().nullable().optional(), trackingNumber: z.string().nullable().optional() };

/** One entry of the table: where a message type travels and what its payload looks like. */
interface Contract<S extends StreamName = StreamName> {
  stream: S;
  schema: z.ZodTypeAny;
}

const contract = <S extends StreamName, Schema extends z.ZodTypeAny>(stream: S, schema: Schema) => ({ stream, schema });

export const MessageContracts = {
  // orders -> inventory
  ReserveStock: contract(
    Streams.inventoryCommands,
    z.object({ orderId: uuid, lines: z.array(z.object({ productId: uuid, quantity: z.number().int().positive() })).min(1) }),
  ),
  ReleaseStock: contract(Streams.inventoryCommands, z.object({ orderId: uuid })),
  // orders -> payments
  ChargePayment: contract(Streams.paymentCommands, z.object({ orderId: uuid, userId: uuid, amountCents: cents, currency, paymentToken: z.string().min(1) })),
  RefundPayment: contract(Streams.paymentCommands, z.object({ orderId: uuid })),
  // orders -> shipping
  CreateShipment: contract(Streams.shippingCommands, z.object({ orderId: uuid, userId: uuid, address })),
  CancelShipment: contract(Streams.shippingCommands, z.object({ orderId: uuid })),
  // participants -> orders (saga replies)
  StockReserved: contract(Streams.sagaReplies, z.object({ orderId: uuid })),
  StockRejected: contract(Streams.sagaReplies, z.object({ orderId: uuid, reason: z.string() })),
  StockReleased: contract(Streams.sagaReplies, z.object({ orderId: uuid })),
  PaymentCaptured: contract(Streams.sagaReplies, z.object({ orderId: uuid, paymentId: uuid })),
  PaymentDeclined: contract(Streams.sagaReplies, z.object({ orderId: uuid, reason: z.string() })),
  PaymentRefunded: contract(Streams.sagaReplies, z.object({ orderId: uuid })),
  ShipmentCreated: contract(Streams.sagaReplies, z.object({ orderId: uuid, shipmentId: uuid })),
  ShipmentCancelled: contract(Streams.sagaReplies, z.object({ orderId: uuid })),
  /** A participant gave up on a command (dead-lettered): the orchestrator compensates and flags the saga. */
  StepAbandoned: contract(Streams.sagaReplies, z.object({ orderId: uuid, command: z.string(), reason: z.string() })),
  // shipping -> orders, inventory (domain event)
  ShipmentStatusChanged: contract(
    Streams.shipmentEvents,
    z.object({ orderId: uuid, shipmentId: uuid, status: z.enum(["SHIPPED", "IN_TRANSIT", "DELIVERED", "CANCELLED"]), ...tracking }),
  ),
  // orders -> notifications (domain event)
  OrderStatusChanged: contract(
    Streams.orderEvents,
    z.object({
      orderId: uuid,
      userId: uuid,
      status: z.enum(["CONFIRMED", "FAILED", "CANCELLED", "SHIPPED", "DELIVERED"]),
      totalCents: cents,
      currency,
      reason: z.string().nullable().optional(),
      ...tracking,
    }),
  ),
  // inventory -> notifications (domain event): a product's available stock fell under the low-stock threshold
  LowStock: contract(
    Streams.inventoryEvents,
    z.object({ productId: uuid, available: z.number().int().nonnegative(), threshold: z.number().int().positive() }),
  ),
  // users -> notifications (domain event)
  UserSignedUp: contract(Streams.userEvents, z.object({ userId: uuid, name: z.string() })),
  // orders -> gateway (live updates): the order's status, saga, payment or shipment changed; read it again
  OrderChanged: contract(Streams.liveUpdates, z.object({ orderId: uuid, userId: uuid })),
  // notifications -> gateway (live updates): the user has a new notification
  // userId for a user's own notification; audience for one every member of it reads (ADMIN: low-stock alerts).
  NotificationCreated: contract(
    Streams.liveUpdates,
    z.object({ notificationId: uuid, userId: uuid.nullable(), audience: z.enum(["ADMIN"]).nullable().optional() }),
  ),
} as const satisfies Record<string, Contract>;

export type MessageType = keyof typeof MessageContracts;
export type PayloadOf<T extends MessageType> = z.infer<(typeof MessageContracts)[T]["schema"]>;
export type StreamOf<T extends MessageType> = (typeof MessageContracts)[T]["stream"];

/** Every message type, e.g. for the crash points `after-commit:<MessageType>`. */
export const MESSAGE_TYPES = Object.keys(MessageContracts) as MessageType[];

/** A message of one of the types `T`, its payload typed. */
export type TypedMessage<T extends MessageType = MessageType> = { [K in T]: Message<PayloadOf<K>> & { type: K } }[T];

/** A message a producer built from the table: its stream follows from its type. */
export type ShopMessage<T extends MessageType = MessageType> = { [K in T]: Message<PayloadOf<K>> & { type: K; stream: StreamOf<K> } }[T];

/**
 * A new message of a type in the table, for an outbox: the stream is the type's, the payload is checked
 * against the type's schema by the compiler, and the headers are the standard ones (see headers.ts).
 * `shopMessage("StockReserved", { orderId }, headers)`.
 */
export function shopMessage<T extends MessageType>(type: T, payload: PayloadOf<T>, headers: MessageHeaders): ShopMessage<T> {
  const message = { id: randomUUID(), stream: MessageContracts[type].stream, type, payload, headers: headerRecord(headers) };
  return message as ShopMessage<T>;
}

function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(MessageContracts, type);
}

/** Narrows a message to one of the types a consumer handles, checking its payload; anything else is poison. */
export function parseMessage<T extends MessageType>(message: Message, accepted: readonly T[]): TypedMessage<T> {
  if (!(accepted as readonly string[]).includes(message.type) || !isMessageType(message.type)) {
    throw new PoisonMessageError(`unexpected message type ${message.type}`);
  }
  const result = MessageContracts[message.type].schema.safeParse(message.payload);
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
