export { tracingSettingsFromEnv, type TracingSettings } from "./settings";
export { isTracingEnabled, startTracing, type Tracing } from "./start-tracing";
export { extractTraceContext, injectTraceContext, inSpanFromCarrier, type SpanFromCarrierOptions, type TraceCarrier } from "./carrier";
export { traceRequests } from "./express-middleware";
