import pino, { type Logger } from "pino";

export type { Logger };

/** One structured JSON logger per service; the service name is on every line. */
export function createLogger(service: string, level = "info"): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["req.headers.authorization", "*.password", "*.passwordHash"], censor: "[redacted]" },
  });
}
