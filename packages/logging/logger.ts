import { trace } from "@opentelemetry/api";
import pino, { type Logger } from "pino";
import { currentLogContext } from "./log-context";

export type { Logger };

/** The correlation id and, when tracing is on, the trace of whatever is being handled right now. */
function correlationFields(): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext();
  const fields: Record<string, string> = { ...currentLogContext() };
  if (span && trace.isSpanContextValid(span)) Object.assign(fields, { traceId: span.traceId, spanId: span.spanId });
  return fields;
}

/**
 * One structured JSON logger per service: the service name is on every line, and the correlation id
 * (and trace id) of the request being handled on every line written while handling it.
 */
export function createLogger(service: string, level = "info", destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: correlationFields,
    redact: { paths: ["req.headers.authorization", "*.password", "*.passwordHash"], censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
