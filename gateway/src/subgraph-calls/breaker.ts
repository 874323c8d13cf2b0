import CircuitBreaker from "opossum";
import type { SubgraphCallSettings } from "../edge-config";
import { GATEWAY_SERVICE, subgraphBreakerState, subgraphCircuitOpen } from "../metrics";
import { indicatesUnavailability } from "./failures";
import { RecoveryProbe } from "./recovery-probe";

type Call = () => Promise<unknown>;

export type BreakerState = "closed" | "open" | "half-open";

export const BREAKER_STATES: readonly BreakerState[] = ["closed", "open", "half-open"];

export type BreakerSettings = Pick<SubgraphCallSettings, "breakerErrorPercent" | "breakerMinimumCalls" | "breakerResetMs" | "breakerProbeMs">;

const ROLLING_WINDOW_MS = 10_000;

/**
 * One circuit breaker per subgraph (opossum): once enough calls in the last 10 s failed because the
 * subgraph is unreachable, slow or answering 5xx, calls are refused at once, so requests that need it
 * fail fast with the rest of their answer. While open, the subgraph is asked every `breakerProbeMs`
 * whether it answers (`answers`: a cheap signed `{ __typename }`); the first yes closes the breaker, so
 * a subgraph that restarted is called again at once rather than after the reset time. Otherwise, after
 * `breakerResetMs`, one trial call decides (opossum's half-open).
 */
export class SubgraphBreaker {
  private readonly breaker: CircuitBreaker<[Call], unknown>;
  private readonly probe: RecoveryProbe;

  constructor(
    readonly subgraph: string,
    settings: BreakerSettings,
    answers: () => Promise<boolean>,
  ) {
    this.breaker = new CircuitBreaker((call: Call) => call(), {
      timeout: false, // each call has its own HTTP timeout
      errorThresholdPercentage: settings.breakerErrorPercent,
      volumeThreshold: settings.breakerMinimumCalls,
      resetTimeout: settings.breakerResetMs,
      rollingCountTimeout: ROLLING_WINDOW_MS,
      errorFilter: (error: unknown) => !indicatesUnavailability(error),
    });
    // Closing keeps the failures in the rolling window, so a recovery that does not hold opens it again at the next failure.
    this.probe = new RecoveryProbe(answers, settings.breakerProbeMs, () => this.breaker.close());
    this.report();
    this.breaker.on("open", () => {
      this.report();
      this.probe.start();
    });
    this.breaker.on("halfOpen", () => {
      this.report();
      this.probe.stop();
    });
    this.breaker.on("close", () => {
      this.report();
      this.probe.stop();
    });
  }

  run<T>(call: () => Promise<T>): Promise<T> {
    return this.breaker.fire(call) as Promise<T>;
  }

  get state(): BreakerState {
    if (this.breaker.opened) return "open";
    return this.breaker.halfOpen ? "half-open" : "closed";
  }

  shutdown(): void {
    this.probe.stop();
    this.breaker.shutdown();
  }

  private report(): void {
    const state = this.state;
    const labels = { service: GATEWAY_SERVICE, subgraph: this.subgraph };
    subgraphCircuitOpen.set(labels, state === "open" ? 1 : 0);
    for (const each of BREAKER_STATES) subgraphBreakerState.set({ ...labels, state: each }, each === state ? 1 : 0);
  }
}
