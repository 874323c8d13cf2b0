import CircuitBreaker from "opossum";
import type { SubgraphCallSettings } from "../edge-config";
import { GATEWAY_SERVICE, subgraphCircuitOpen } from "../metrics";
import { indicatesUnavailability } from "./failures";

type Call = () => Promise<unknown>;

const ROLLING_WINDOW_MS = 10_000;

/**
 * One circuit breaker per subgraph (opossum): once enough calls in the last 10 s failed because the
 * subgraph is unreachable, slow or answering 5xx, calls are refused at once for a while, so requests
 * that need it fail fast with the rest of their answer, then one trial call decides whether to close.
 */
export class SubgraphBreaker {
  private readonly breaker: CircuitBreaker<[Call], unknown>;

  constructor(
    readonly subgraph: string,
    settings: Pick<SubgraphCallSettings, "breakerErrorPercent" | "breakerMinimumCalls" | "breakerResetMs">,
  ) {
    this.breaker = new CircuitBreaker((call: Call) => call(), {
      timeout: false, // each call has its own HTTP timeout
      errorThresholdPercentage: settings.breakerErrorPercent,
      volumeThreshold: settings.breakerMinimumCalls,
      resetTimeout: settings.breakerResetMs,
      rollingCountTimeout: ROLLING_WINDOW_MS,
      errorFilter: (error: unknown) => !indicatesUnavailability(error),
    });
    const labels = { service: GATEWAY_SERVICE, subgraph };
    subgraphCircuitOpen.set(labels, 0);
    this.breaker.on("open", () => subgraphCircuitOpen.set(labels, 1));
    this.breaker.on("close", () => subgraphCircuitOpen.set(labels, 0));
  }

  run<T>(call: () => Promise<T>): Promise<T> {
    return this.breaker.fire(call) as Promise<T>;
  }

  get isOpen(): boolean {
    return this.breaker.opened;
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}
