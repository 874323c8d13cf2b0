import { setTimeout as sleep } from "node:timers/promises";

const RETRY_DELAYS_MS = [25, 100, 250, 500, 1000];

/** Calls again after a retryable failure, up to `retries` more times, waiting a little longer each time. */
export async function withRetries<T>(
  call: () => Promise<T>,
  retries: number,
  shouldRetry: (error: unknown) => boolean,
  onRetry: () => void,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= retries || !shouldRetry(error)) throw error;
      onRetry();
      await sleep(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]);
    }
  }
}
