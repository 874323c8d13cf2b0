import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { IORedisInstrumentation } from "@opentelemetry/instrumentation-ioredis";
import { PrismaInstrumentation } from "@prisma/instrumentation";

let registered = false;

/**
 * Spans for the calls a request or a stream message makes to PostgreSQL (Prisma's own tracing: one span
 * per operation, with its SQL statements beneath) and to Redis (ioredis), so a trace has no gaps where
 * a service waits on its stores. Redis commands outside a trace (blocking reads, relays) make no spans;
 * Prisma's background queries are dropped by the sampler (see start-tracing.ts). ioredis is patched
 * when it is loaded, so this runs before anything requires it: `register.ts` is an entry point's first import.
 */
export function traceLibraryCalls(): void {
  if (registered) return;
  registered = true;
  registerInstrumentations({
    instrumentations: [new PrismaInstrumentation(), new IORedisInstrumentation({ requireParentSpan: true })],
  });
}
