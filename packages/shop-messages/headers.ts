import { context, type Context } from "@opentelemetry/api";
import type { Message } from "../messaging";
import { injectTraceContext } from "../tracing";

/**
 * The headers every shop message carries, whoever produced it. They are built by `messageHeaders`
 * only, so a message caused by a request and one caused by another message look alike.
 */
export interface MessageHeaders {
  /**
   * The request that began the chain this message belongs to: the HTTP request's `x-request-id`, or the
   * id of a worker's own round (the deadline sweeper's). Every message the chain causes keeps it.
   */
  requestId: string;
  /** What the chain is about, kept by every message it causes; the request id unless the producer names one (an order id). */
  correlationId: string;
  /** The id of the message that caused this one; absent on the first message of a chain. */
  causationId?: string;
  /** W3C trace context, so the consumer's span joins the producer's trace; absent when nothing is traced. */
  traceparent?: string;
  tracestate?: string;
}

/** Where a message comes from: a request (an HTTP request, or a worker's own round), or another message. */
export type MessageCause = { requestId: string; correlationId?: string } | { message: Pick<Message, "id" | "headers"> };

/** The header names a message's headers are stored under (the trace context's are W3C's own). */
const REQUEST_ID = "requestId";
const CORRELATION_ID = "correlationId";
const CAUSATION_ID = "causationId";
/** Messages written before the headers were standard carried the request id under the HTTP header's name. */
const LEGACY_REQUEST_ID = "x-request-id";

/** The standard headers of a message that was read back (older messages may lack some: they are filled in). */
export function headersOf(message: Pick<Message, "id" | "headers">): MessageHeaders {
  const headers = message.headers ?? {};
  const requestId = headers[REQUEST_ID] ?? headers[LEGACY_REQUEST_ID] ?? headers[CORRELATION_ID] ?? message.id;
  return {
    requestId,
    correlationId: headers[CORRELATION_ID] ?? requestId,
    causationId: headers[CAUSATION_ID],
    traceparent: headers.traceparent,
    tracestate: headers.tracestate,
  };
}

/**
 * The headers of a new message. Caused by a request: its request id, the correlation id given (or the
 * request id), and the active trace context. Caused by a message: that message's request and
 * correlation ids, its id as the causation id, and the active trace context (a consumer's span), or
 * the cause's when nothing is active, so the chain stays one trace either way.
 */
export function messageHeaders(cause: MessageCause, active: Context = context.active()): MessageHeaders {
  const trace = injectTraceContext<Record<string, string>>({}, active);
  if ("message" in cause) {
    const caused = headersOf(cause.message);
    const traceContext = trace.traceparent ? trace : { traceparent: caused.traceparent, tracestate: caused.tracestate };
    return withoutBlanks({ requestId: caused.requestId, correlationId: caused.correlationId, causationId: cause.message.id, ...traceContext });
  }
  return withoutBlanks({ requestId: cause.requestId, correlationId: cause.correlationId ?? cause.requestId, ...trace });
}

function withoutBlanks(headers: MessageHeaders): MessageHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => typeof value === "string" && value !== "")) as unknown as MessageHeaders;
}

/** The headers as the plain string map a message stores. */
export function headerRecord(headers: MessageHeaders): Record<string, string> {
  return withoutBlanks(headers) as unknown as Record<string, string>;
}
