import type { Attributes, Context, SpanKind } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { NodeSDK, tracing } from "@opentelemetry/sdk-node";
import type { TracingSettings } from "./settings";

export interface Tracing {
  enabled: boolean;
  /** Sends the spans finished so far (tests and shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

type SpanExporter = ConstructorParameters<typeof tracing.BatchSpanProcessor>[0];

let tracingEnabled = false;

/**
 * Records every span that starts a trace except a database call's: Prisma traces the queries of relays,
 * sweepers and health checks too, which would be a trace every few milliseconds telling nobody anything.
 * A database call within a request or a message handling is a child span and is recorded.
 */
export class NoUnparentedDatabaseSpans implements tracing.Sampler {
  shouldSample(_context: Context, _traceId: string, spanName: string, _kind: SpanKind, _attributes: Attributes): tracing.SamplingResult {
    return { decision: spanName.startsWith("prisma:") ? tracing.SamplingDecision.NOT_RECORD : tracing.SamplingDecision.RECORD_AND_SAMPLED };
  }

  toString(): string {
    return "NoUnparentedDatabaseSpans";
  }
}

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
  const processor = new tracing.BatchSpanProcessor(exporter ?? new OTLPTraceExporter({ url: settings.tracesUrl! }));
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
