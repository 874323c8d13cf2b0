import { context, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type SpanContext } from "@opentelemetry/api";

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
  return runInSpan(span, parent, () => work(span));
}

/** Runs `work` with `span` active beneath `parent`; the span ends when it settles, marked failed when it throws. */
async function runInSpan<T>(span: Span, parent: Context, work: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs `work` (e.g. committing a batch of messages in one transaction) in a span for the whole batch,
 * as OpenTelemetry's messaging conventions trace batch processing: a child of the one message's span
 * when the batch holds one, otherwise the start of a trace of its own linked to every message's span.
 */
export async function inBatchSpan<T>(name: string, messageSpans: readonly SpanContext[], work: () => Promise<T>, tracerName = "shop"): Promise<T> {
  const valid = messageSpans.filter(isSpanContextValid);
  const parent = valid.length === 1 && messageSpans.length === 1 ? trace.setSpanContext(ROOT_CONTEXT, valid[0]!) : ROOT_CONTEXT;
  const span = trace.getTracer(tracerName).startSpan(
    name,
    { kind: SpanKind.INTERNAL, links: valid.length > 1 ? valid.map((spanContext) => ({ context: spanContext })) : [], attributes: { "messaging.batch.message_count": messageSpans.length } },
    parent,
  );
  return runInSpan(span, parent, work);
}
