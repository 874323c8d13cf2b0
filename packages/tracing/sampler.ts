import type { Attributes, Context, SpanKind } from "@opentelemetry/api";
import { tracing } from "@opentelemetry/sdk-node";

/**
 * Records every span that starts a trace except a database call's: Prisma traces the queries of relays,
 * sweepers and health checks too, which would be a trace every few milliseconds telling nobody anything.
 * A database call within a request or a message handling is a child span and is recorded.
 * Its own file because it loads the OpenTelemetry SDK: start-tracing.ts requires it only when tracing is on.
 */
export class NoUnparentedDatabaseSpans implements tracing.Sampler {
  shouldSample(_context: Context, _traceId: string, spanName: string, _kind: SpanKind, _attributes: Attributes): tracing.SamplingResult {
    return { decision: spanName.startsWith("prisma:") ? tracing.SamplingDecision.NOT_RECORD : tracing.SamplingDecision.RECORD_AND_SAMPLED };
  }

  toString(): string {
    return "NoUnparentedDatabaseSpans";
  }
}
