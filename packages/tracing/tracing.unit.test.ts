import { extractTraceContext, injectTraceContext, tracingSettingsFromEnv } from ".";
import { trace } from "@opentelemetry/api";

describe("tracing settings", () => {
  it("are off unless an OTLP endpoint is configured", () => {
    expect(tracingSettingsFromEnv({})).toEqual({ tracesUrl: null });
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toEqual({ tracesUrl: "http://collector:4318/v1/traces" });
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/custom" })).toEqual({ tracesUrl: "http://collector:4318/custom" });
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" })).toEqual({ tracesUrl: null });
    expect(() => tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it("read an empty variable as unset, as the specification says", () => {
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "", OTEL_SDK_DISABLED: "" })).toEqual({ tracesUrl: null });
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "" })).toEqual({
      tracesUrl: "http://collector:4318/v1/traces",
    });
  });
});

describe("trace context in string maps, with tracing off", () => {
  it("adds nothing and extracts nothing, so messages stay as they were", () => {
    const headers = { correlationId: "c-1" };
    expect(injectTraceContext(headers)).toEqual({ correlationId: "c-1" });
    const extracted = extractTraceContext({ traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" });
    expect(trace.getSpanContext(extracted)).toBeUndefined();
  });
});
