import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's one Prometheus registry: the gateway, every subgraph and their stream workers
 * register here, and `/metrics` serves it. Every metric carries a `service` label, so series from
 * services that share a process (as in tests) stay apart.
 */
export const metricsRegistry = new Registry();

let processMetricsCollected = false;

/** CPU, memory, event-loop lag and GC of this process; called once by a service's entry point. */
export function collectProcessMetrics(): void {
  if (processMetricsCollected) return;
  collectDefaultMetrics({ register: metricsRegistry });
  processMetricsCollected = true;
}

export interface MetricDefinition<TLabel extends string> {
  name: string;
  help: string;
  labelNames?: readonly TLabel[];
}

export interface HistogramDefinition<TLabel extends string> extends MetricDefinition<TLabel> {
  /** Upper bounds in seconds; defaults suit request latencies (5 ms to 10 s). */
  buckets?: number[];
}

export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type ServiceLabel<TLabel extends string> = TLabel | "service";

function labelsWithService<TLabel extends string>(definition: MetricDefinition<TLabel>): ServiceLabel<TLabel>[] {
  return ["service", ...(definition.labelNames ?? [])];
}

// A module can be loaded more than once in one process (tests, workers): asking for a metric that
// exists returns it instead of failing on a duplicate name.
function existing<T>(name: string): T | undefined {
  return metricsRegistry.getSingleMetric(name) as T | undefined;
}

/** A counter (get-or-create) whose labels are `service` plus the given ones. */
export function counter<TLabel extends string>(definition: MetricDefinition<TLabel>): Counter<ServiceLabel<TLabel>> {
  return (
    existing<Counter<ServiceLabel<TLabel>>>(definition.name) ??
    new Counter({ name: definition.name, help: definition.help, labelNames: labelsWithService(definition), registers: [metricsRegistry] })
  );
}

/** A histogram (get-or-create) whose labels are `service` plus the given ones. */
export function histogram<TLabel extends string>(definition: HistogramDefinition<TLabel>): Histogram<ServiceLabel<TLabel>> {
  return (
    existing<Histogram<ServiceLabel<TLabel>>>(definition.name) ??
    new Histogram({
      name: definition.name,
      help: definition.help,
      labelNames: labelsWithService(definition),
      buckets: definition.buckets ?? LATENCY_BUCKETS_SECONDS,
      registers: [metricsRegistry],
    })
  );
}

/** A gauge (get-or-create) whose labels are `service` plus the given ones. */
export function gauge<TLabel extends string>(definition: MetricDefinition<TLabel>): Gauge<ServiceLabel<TLabel>> {
  return (
    existing<Gauge<ServiceLabel<TLabel>>>(definition.name) ??
    new Gauge({ name: definition.name, help: definition.help, labelNames: labelsWithService(definition), registers: [metricsRegistry] })
  );
}
