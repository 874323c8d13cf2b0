import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { RequestHandler } from "express";
import { isTracingEnabled } from "./start-tracing";

/**
 * A SERVER span per HTTP request that continues the caller's trace (`traceparent`), active while the
 * rest of the chain handles the request, so spans and outgoing calls made for it join the same trace.
 * Mount it after the body parser: body parsing resumes in the socket's async context, not this one.
 */
export function traceRequests(service: string): RequestHandler {
  // The tracer (instrumentation scope) is named after the service, which tells services apart even when
  // several share a process, as in tests.
  const tracer = trace.getTracer(service);
  return (req, res, next) => {
    if (!isTracingEnabled()) return next();
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      `${req.method} ${req.baseUrl}${req.path}`,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method, "url.path": req.originalUrl } },
      parent,
    );
    res.once("finish", () => {
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
