import { ConfigError } from "../config";
import { crashPoints, isCrashPoint, parseCrashPoints, UnknownCrashPointError } from "./crash-points";
import { workerSettingsFrom } from "./worker-settings";

// Only naming and matching: the kill itself is exercised by e2e/saga-crash-points.e2e.test.ts.
describe("parseCrashPoints", () => {
  it("reads nothing from an empty or blank list", () => {
    expect(parseCrashPoints("")).toEqual([]);
    expect(parseCrashPoints(" , ,")).toEqual([]);
  });

  it("reads a comma-separated list of known points, trimmed and without repeats", () => {
    expect(parseCrashPoints(" after-commit:ChargePayment , after-publish,after-commit:ChargePayment")).toEqual([
      "after-commit:ChargePayment",
      "after-publish",
    ]);
  });

  it("refuses unknown names, naming each, so a misspelt point cannot silently never fire", () => {
    const parse = () => parseCrashPoints("after-commit:ChargePayment,after-commit:ChargePaymnet,before-ack");
    expect(parse).toThrow(UnknownCrashPointError);
    expect(parse).toThrow(/after-commit:ChargePaymnet, before-ack/);
  });

  it("knows after-commit for every message type and nothing else", () => {
    expect(isCrashPoint("after-commit:PaymentCaptured")).toBe(true);
    expect(isCrashPoint("after-commit:StockReserved")).toBe(true);
    expect(isCrashPoint("after-commit:")).toBe(false);
    expect(isCrashPoint("after-commit:paymentcaptured")).toBe(false);
    expect(isCrashPoint("after-publish:StockReserved")).toBe(false);
  });
});

describe("crashPoints", () => {
  it("matches exactly the configured points", () => {
    const points = crashPoints(["after-commit:ChargePayment", "after-publish"]);
    expect(points.includes("after-commit:ChargePayment")).toBe(true);
    expect(points.includes("after-publish")).toBe(true);
    expect(points.includes("after-commit:RefundPayment")).toBe(false);
    expect(points.includes("after-commit:ChargePayment ")).toBe(false);
  });

  it("matches nothing when none are configured, and reaching one then returns", () => {
    const points = crashPoints([]);
    expect(points.includes("after-publish")).toBe(false);
    expect(() => points.reach("after-publish")).not.toThrow();
  });
});

describe("WORKER_CRASH_AT", () => {
  it("is empty by default", () => {
    expect(workerSettingsFrom({}, "payments").crashAt).toEqual([]);
  });

  it("is read into the worker settings", () => {
    expect(workerSettingsFrom({ WORKER_CRASH_AT: "after-commit:ChargePayment" }, "payments").crashAt).toEqual(["after-commit:ChargePayment"]);
  });

  it("refuses unknown names as a configuration error", () => {
    expect(() => workerSettingsFrom({ WORKER_CRASH_AT: "after-ack" }, "payments")).toThrow(ConfigError);
    expect(() => workerSettingsFrom({ WORKER_CRASH_AT: "after-ack" }, "payments")).toThrow(/WORKER_CRASH_AT: unknown crash point\(s\): after-ack/);
  });

  it("must be empty in production", () => {
    expect(() => workerSettingsFrom({ NODE_ENV: "production", WORKER_CRASH_AT: "after-publish" }, "payments")).toThrow(/WORKER_CRASH_AT: must be empty in production/);
    expect(workerSettingsFrom({ NODE_ENV: "production" }, "payments").crashAt).toEqual([]);
  });
});
