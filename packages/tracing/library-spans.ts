let registered = false;

/**
 * Spans for the calls a request or a stream message makes to PostgreSQL (Prisma's own tracing: one span
 * per operation, with its SQL statements beneath) and to Redis (ioredis), so a trace has no gaps where
 * a service waits on its stores. Redis commands outside a trace (blocking reads, relays) make no spans;
 * Prisma's background queries are dropped by the sampler (see sampler.ts). ioredis is patched
 * when it is loaded, so this runs before anything requires it: `register.ts` is an entry point's first import.
 */
export function traceLibraryCalls(): void {
  if (registered) return;
  registered = true;
  // Required here, not at the top: register.ts imports this file in every service, and without tracing
  // these packages (and the require hooks they bring) are never needed.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { registerInstrumentations } = require("@opentelemetry/instrumentation") as typeof import("@opentelemetry/instrumentation");
  const { IORedisInstrumentation } = require("@opentelemetry/instrumentation-ioredis") as typeof import("@opentelemetry/instrumentation-ioredis");
  const { PrismaInstrumentation } = require("@prisma/instrumentation") as typeof import("@prisma/instrumentation");
  /* eslint-enable @typescript-eslint/no-require-imports */
  registerInstrumentations({
    instrumentations: [new PrismaInstrumentation(), new IORedisInstrumentation({ requireParentSpan: true })],
  });
}
