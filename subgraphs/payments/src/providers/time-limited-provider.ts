import { TransientProviderError, type PaymentProvider } from "../domain/payment-provider";

/** Fails a call that takes longer than `ms` as transient; the late answer, if any, is dropped. */
async function within<T>(call: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TransientProviderError(`payment provider: no answer to ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A provider whose calls give up after `timeoutMs`. Commands are handled one at a time per consumer, so
 * a provider that never answers would otherwise hold every other order's payment behind it; the timed-out
 * command is delivered again (the idempotency key makes that safe) until it dead-letters.
 */
export function timeLimited(provider: PaymentProvider, timeoutMs: number): PaymentProvider {
  return {
    name: provider.name,
    charge: (request) => within(provider.charge(request), timeoutMs, "charge"),
    refund: (request) => within(provider.refund(request), timeoutMs, "refund"),
    close: () => provider.close(),
  };
}
