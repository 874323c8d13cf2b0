import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from "@opentelemetry/api";
import { tracing } from "@opentelemetry/sdk-node";
import { extractTraceContext, inBatchSpan, injectTraceContext, startTracing, tracingSettingsFromEnv, type Tracing } from ".";
import { NoUnparentedDatabaseSpans } from "./sampler";

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

describe("with tracing on", () => {
  const exporter = new tracing.InMemorySpanExporter();
  let tracer: Tracing;
  beforeAll(() => (tracer = startTracing("tracing-unit-test", { tracesUrl: null }, exporter)));
  afterAll(() => tracer.shutdown());
  beforeEach(() => exporter.reset());

  const message = (spanId: string) => ({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId, traceFlags: TraceFlags.SAMPLED });

  it("traces a batch of one beneath its message's span, and a larger batch as its own trace linked to each", async () => {
    await inBatchSpan("inventory commit", [message("00f067aa0ba902b7")], async () => {});
    await inBatchSpan("inventory commit", [message("00f067aa0ba902b7"), message("b7ad6b7169203331")], async () => {});
    await tracer.flush();
    const [single, batch] = exporter.getFinishedSpans();
    expect(single!.spanContext().traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(single!.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
    expect(batch!.spanContext().traceId).not.toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(batch!.parentSpanContext).toBeUndefined();
    expect(batch!.links.map((link) => link.context.spanId)).toEqual(["00f067aa0ba902b7", "b7ad6b7169203331"]);
  });

  it("records no database span that starts a trace, and those within one", () => {
    const sampler = new NoUnparentedDatabaseSpans();
    expect(sampler.shouldSample(ROOT_CONTEXT, "t", "prisma:client:operation", SpanKind.CLIENT, {}).decision).toBe(tracing.SamplingDecision.NOT_RECORD);
    expect(sampler.shouldSample(ROOT_CONTEXT, "t", "POST /graphql", SpanKind.SERVER, {}).decision).toBe(tracing.SamplingDecision.RECORD_AND_SAMPLED);
  });
});
