import { counter, histogram, metricsRegistry, operationLabeller, recordSagaStep, recordStreamLag, setStreamPending } from ".";

describe("the shared registry", () => {
  it("gives back the same metric when asked twice, so modules loaded twice do not collide", () => {
    const first = counter({ name: "test_things_total", help: "things", labelNames: ["kind"] });
    expect(counter({ name: "test_things_total", help: "things", labelNames: ["kind"] })).toBe(first);
    first.inc({ service: "orders", kind: "a" });
    expect(histogram({ name: "test_latency_seconds", help: "latency" })).toBe(histogram({ name: "test_latency_seconds", help: "latency" }));
  });

  it("labels every series with its service", async () => {
    counter({ name: "test_labelled_total", help: "labelled" }).inc({ service: "payments" });
    expect(await metricsRegistry.getSingleMetricAsString("test_labelled_total")).toMatch(/test_labelled_total\{service="payments"\} 1/);
  });

  it("records saga steps and stream lag under shared names", async () => {
    recordSagaStep("orders", "CHARGE_PAYMENT", "succeeded", 250);
    recordStreamLag("inventory", "inventory.commands", "inventory", 1_000, 3_500);
    setStreamPending("inventory", "inventory.commands", "inventory", 4);
    const text = await metricsRegistry.metrics();
    expect(text).toMatch(/saga_steps_total\{service="orders",step="CHARGE_PAYMENT",outcome="succeeded"\} 1/);
    expect(text).toMatch(/saga_step_duration_seconds_sum\{service="orders",step="CHARGE_PAYMENT",outcome="succeeded"\} 0.25/);
    expect(text).toMatch(/stream_message_lag_seconds_sum\{service="inventory",stream="inventory.commands",group="inventory"\} 2.5/);
    expect(text).toMatch(/stream_pending_messages\{service="inventory",stream="inventory.commands",group="inventory"\} 4/);
  });
});

describe("operation labels", () => {
  it("keep a bounded number of distinct names; the rest share one", () => {
    const label = operationLabeller(2);
    expect([label("A"), label("B"), label("A"), label("C"), label(null), label("not a name!")]).toEqual(["A", "B", "A", "other", "anonymous", "other"]);
  });
});
