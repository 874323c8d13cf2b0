import { z } from "zod";
import { parseEnv } from "../config";

/** Where spans go: nowhere unless an OTLP endpoint is configured (the standard OpenTelemetry variables). */
export interface TracingSettings {
  /** Full URL spans are posted to (OTLP over HTTP, JSON), or null when tracing is off. */
  tracesUrl: string | null;
}

// The OpenTelemetry specification reads an empty variable as unset (compose passes `${VAR:-}` as "").
const unsetWhenEmpty = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const tracingEnvSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: unsetWhenEmpty(z.string().url()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: unsetWhenEmpty(z.string().url()),
  OTEL_SDK_DISABLED: unsetWhenEmpty(z.enum(["true", "false"])),
});

/**
 * Reads the OpenTelemetry variables with the specification's meaning: the signal-specific endpoint
 * is used as is, the general one gets `/v1/traces` appended.
 */
export function tracingSettingsFromEnv(env: NodeJS.ProcessEnv): TracingSettings {
  const parsed = parseEnv("tracing", tracingEnvSchema, env);
  if (parsed.OTEL_SDK_DISABLED === "true") return { tracesUrl: null };
  if (parsed.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return { tracesUrl: parsed.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT };
  if (parsed.OTEL_EXPORTER_OTLP_ENDPOINT) return { tracesUrl: `${parsed.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces` };
  return { tracesUrl: null };
}
