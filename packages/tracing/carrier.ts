import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from "@opentelemetry/api";

/** A plain string map that can carry trace context: HTTP headers, a stream message's `headers`. */
export type TraceCarrier = Record<string, string | string[] | undefined>;

/**
 * Adds the current trace context (`traceparent`, `tracestate`) to a string map and returns it, e.g. the
 * headers of an outbox message written while handling `placeOrder`, so its consumers join the same trace.
 * Adds nothing when tracing is off or nothing is being traced.
 */
export function injectTraceContext<T extends Record<string, string>>(carrier: T, from: Context = context.active()): T {
  propagation.inject(from, carrier);
  return carrier;
}

/** The trace context a string map carries (the root context when it carries none). */
export function extractTraceContext(carrier: TraceCarrier): Context {
  return propagation.extract(ROOT_CONTEXT, carrier);
}

export interface SpanFromCarrierOptions {
  /** CONSUMER for stream messages (the default), SERVER for requests. */
  kind?: SpanKind;
  attributes?: Record<string, string | number | boolean>;
  tracerName?: string;
}

/**
 * Runs `work` in a span that continues the trace a string map carries, e.g. a stream consumer handling
 * a message: `inSpanFromCarrier("inventory.reserve", message.headers, async () => ...)`. The span ends
 * when `work` settles and is marked as failed when it throws.
 */
export async function inSpanFromCarrier<T>(
  name: string,
  carrier: TraceCarrier,
  work: (span: Span) => Promise<T>,
  options: SpanFromCarrierOptions = {},
): Promise<T> {
  const parent = extractTraceContext(carrier);
  const tracer = trace.getTracer(options.tracerName ?? "shop");
  const span = tracer.startSpan(name, { kind: options.kind ?? SpanKind.CONSUMER, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
