// Only types at the top: the OpenTelemetry SDK and the OTLP exporter are some 2,000 modules (about 40 MB of
// heap with source maps on) that a process without tracing never needs, so startTracing requires them when on.
import type { tracing } from "@opentelemetry/sdk-node";
import type { TracingSettings } from "./settings";

export interface Tracing {
  enabled: boolean;
  /** Sends the spans finished so far (tests and shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

type SpanExporter = ConstructorParameters<typeof tracing.BatchSpanProcessor>[0];

let tracingEnabled = false;

/** Whether this process records spans; when it does not, request middleware skips tracing work entirely. */
export function isTracingEnabled(): boolean {
  return tracingEnabled;
}

const DISABLED: Tracing = { enabled: false, flush: async () => {}, shutdown: async () => {} };

/**
 * Starts the OpenTelemetry SDK for this process when an OTLP endpoint is configured: spans are batched
 * and posted there (OTLP over HTTP), and W3C `traceparent` is what carries context between services.
 * Without an endpoint nothing starts and the OpenTelemetry API stays a no-op. `exporter` replaces the
 * OTLP exporter (tests keep spans in memory: the OTLP exporter loads `http` with a dynamic import,
 * which Jest's CommonJS runtime refuses).
 */
export function startTracing(service: string, settings: TracingSettings, exporter?: SpanExporter): Tracing {
  if (!settings.tracesUrl && !exporter) return DISABLED;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on (see the top of this file) */
  const { NodeSDK, tracing } = require("@opentelemetry/sdk-node") as typeof import("@opentelemetry/sdk-node");
  const { NoUnparentedDatabaseSpans } = require("./sampler") as typeof import("./sampler");
  const newExporter = (url: string): SpanExporter => {
    const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http");
    return new OTLPTraceExporter({ url });
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const processor = new tracing.BatchSpanProcessor(exporter ?? newExporter(settings.tracesUrl!));
  const sdk = new NodeSDK({
    serviceName: service,
    spanProcessors: [processor],
    sampler: new tracing.ParentBasedSampler({ root: new NoUnparentedDatabaseSpans() }),
    // Spans come from our request middleware and @apollo/gateway's own; nothing is monkey-patched.
    instrumentations: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  tracingEnabled = true;
  return {
    enabled: true,
    flush: () => processor.forceFlush(),
    shutdown: async () => {
      tracingEnabled = false;
      await sdk.shutdown();
    },
  };
}
