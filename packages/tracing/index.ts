export { tracingSettingsFromEnv, type TracingSettings } from "./settings";
export { isTracingEnabled, startTracing, type Tracing } from "./start-tracing";
export { extractTraceContext, inBatchSpan, injectTraceContext, inSpanFromCarrier, type SpanFromCarrierOptions, type TraceCarrier } from "./carrier";
export type { SpanContext } from "@opentelemetry/api";
export { traceRequests } from "./express-middleware";
