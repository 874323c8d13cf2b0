import {
  TransientProviderError,
  type ChargeRequest,
  type ChargeResult,
  type PaymentProvider,
  type RefundRequest,
  type RefundResult,
} from "../domain/payment-provider";

/** Tokens with a known behaviour, as PSPs' test modes have. */
export const TestTokens = {
  captured: "tok_visa",
  declined: "tok_chargeDeclined",
  /** Never answers, until the provider is closed: the saga's deadline has to deal with it. */
  hangs: "tok_timeout",
  /** Fails transiently on the first calls for an order, then captures: at-least-once redelivery retries it. */
  transientFailure: "tok_transientFailure",
} as const;

export const TRANSIENT_FAILURES_PER_ORDER = 2;

/**
 * An in-memory PSP for development and tests. Like a real one it deduplicates on the idempotency key
 * (a second call with a key gets the first answer) and its references are derived from the key, so
 * they are the same after a restart.
 */
export interface TestProviderOptions {
  /** How long each charge and refund takes, as a real PSP's network round trip does (0 by default). */
  latencyMs?: number;
}

export class TestPaymentProvider implements PaymentProvider {
  readonly name = "test";
  private readonly latencyMs: number;
  private readonly charges = new Map<string, ChargeResult>();
  private readonly refunds = new Map<string, RefundResult>();
  private readonly transientFailures = new Map<string, number>();
  private readonly hanging = new Set<(error: Error) => void>();
  private readonly calls = { charge: new Map<string, number>(), refund: new Map<string, number>() };

  constructor(options: TestProviderOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    this.count("charge", request.idempotencyKey);
    await this.roundTrip();
    const known = this.charges.get(request.idempotencyKey);
    if (known) return known;
    if (request.token === TestTokens.hangs) return this.hang();
    if (request.token === TestTokens.transientFailure && this.failsTransiently(request.idempotencyKey)) {
      throw new TransientProviderError("test provider: temporarily unavailable");
    }
    const result = outcomeOf(request);
    this.charges.set(request.idempotencyKey, result);
    return result;
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    this.count("refund", request.idempotencyKey);
    await this.roundTrip();
    const known = this.refunds.get(request.idempotencyKey);
    if (known) return known;
    const charged = [...this.charges.values()].some((charge) => charge.status === "CAPTURED" && charge.reference === request.reference);
    if (!charged) throw new Error(`test provider: no captured charge ${request.reference}`);
    const result = { reference: `re_${request.reference.replace(/^ch_/, "")}` };
    this.refunds.set(request.idempotencyKey, result);
    return result;
  }

  /** How many times a call was made with an idempotency key (retries included). */
  callsFor(kind: "charge" | "refund", idempotencyKey: string): number {
    return this.calls[kind].get(idempotencyKey) ?? 0;
  }

  async close(): Promise<void> {
    for (const fail of this.hanging) fail(new TransientProviderError("test provider: closed while a call was in flight"));
    this.hanging.clear();
  }

  private async roundTrip(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }

  private count(kind: "charge" | "refund", key: string): void {
    this.calls[kind].set(key, this.callsFor(kind, key) + 1);
  }

  private failsTransiently(key: string): boolean {
    const failures = this.transientFailures.get(key) ?? 0;
    if (failures >= TRANSIENT_FAILURES_PER_ORDER) return false;
    this.transientFailures.set(key, failures + 1);
    return true;
  }

  private hang(): Promise<never> {
    return new Promise((_resolve, reject) => {
      this.hanging.add(reject);
    });
  }
}

function outcomeOf(request: ChargeRequest): ChargeResult {
  switch (request.token) {
    case TestTokens.captured:
    case TestTokens.transientFailure:
      return { status: "CAPTURED", reference: `ch_${request.idempotencyKey.replace(/-/g, "")}` };
    case TestTokens.declined:
      return { status: "DECLINED", reason: "Your card was declined." };
    default:
      return { status: "DECLINED", reason: "Unknown test token" };
  }
}
