/**
 * Imported first by every service's entry point (src/index.ts): when tracing is configured (the standard
 * OTEL_* variables), hooks the libraries whose calls become spans before any of them is loaded.
 */
import { traceLibraryCalls } from "./library-spans";
import { tracingSettingsFromEnv } from "./settings";

if (tracingSettingsFromEnv(process.env).tracesUrl) traceLibraryCalls();
