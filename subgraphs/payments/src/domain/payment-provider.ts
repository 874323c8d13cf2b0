/**
 * A payment service provider (PSP) as the saga needs it. Both calls carry an idempotency key, so asking
 * twice (a redelivered command, a retry after a crash) charges or refunds once at the provider, as real
 * PSPs do. A real provider is plugged in by implementing this interface.
 */
export interface ChargeRequest {
  /** The order id: one charge per order. */
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  /** The payment method's token from the client (never card data). */
  token: string;
}

export type ChargeResult = { status: "CAPTURED"; reference: string } | { status: "DECLINED"; reason: string };

export interface RefundRequest {
  idempotencyKey: string;
  /** The captured charge's reference. */
  reference: string;
  amountCents: number;
}

export interface RefundResult {
  reference: string;
}

export interface PaymentProvider {
  /** Stored with each payment, so a payment says who holds the money. */
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /** Ends calls in flight (they fail as transient) and releases connections. */
  close(): Promise<void>;
}

/**
 * The provider could not answer now (a network error, a timeout, a 5xx): the command is not acknowledged
 * and is delivered again, and the idempotency key keeps the retry from charging twice.
 */
export class TransientProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransientProviderError";
  }
}

/** The idempotency key of an order's refund; distinct from its charge's, as PSPs scope keys per request. */
export function refundIdempotencyKey(orderId: string): string {
  return `refund-${orderId}`;
}
