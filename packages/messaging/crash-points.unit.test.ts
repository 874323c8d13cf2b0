import { ConfigError } from "../config";
import { crashPoints, isCrashPoint, parseCrashPoints, UnknownCrashPointError } from "./crash-points";
import { workerSettingsFrom } from "./worker-settings";

/** The transport knows no message types: the application names them (the shop's are in packages/shop-messages). */
const TYPES = ["ChargePayment", "PaymentCaptured", "StockReserved", "RefundPayment"];

// Only naming and matching: the kill itself is exercised by e2e/saga-crash-points.e2e.test.ts.
describe("parseCrashPoints", () => {
  it("reads nothing from an empty or blank list", () => {
    expect(parseCrashPoints("", TYPES)).toEqual([]);
    expect(parseCrashPoints(" , ,", TYPES)).toEqual([]);
  });

  it("reads a comma-separated list of known points, trimmed and without repeats", () => {
    expect(parseCrashPoints(" after-commit:ChargePayment , after-publish,after-commit:ChargePayment", TYPES)).toEqual([
      "after-commit:ChargePayment",
      "after-publish",
    ]);
  });

  it("refuses unknown names, naming each, so a misspelt point cannot silently never fire", () => {
    const parse = () => parseCrashPoints("after-commit:ChargePayment,after-commit:ChargePaymnet,before-ack", TYPES);
    expect(parse).toThrow(UnknownCrashPointError);
    expect(parse).toThrow(/after-commit:ChargePaymnet, before-ack/);
  });

  it("knows after-commit for every message type it is given and nothing else", () => {
    expect(isCrashPoint("after-commit:PaymentCaptured", TYPES)).toBe(true);
    expect(isCrashPoint("after-commit:StockReserved", TYPES)).toBe(true);
    expect(isCrashPoint("after-commit:", TYPES)).toBe(false);
    expect(isCrashPoint("after-commit:paymentcaptured", TYPES)).toBe(false);
    expect(isCrashPoint("after-publish:StockReserved", TYPES)).toBe(false);
    expect(isCrashPoint("after-commit:UserSignedUp", TYPES)).toBe(false);
    expect(isCrashPoint("after-commit:UserSignedUp", ["UserSignedUp"])).toBe(true);
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
    expect(workerSettingsFrom({}, "payments", TYPES).crashAt).toEqual([]);
  });

  it("is read into the worker settings", () => {
    expect(workerSettingsFrom({ WORKER_CRASH_AT: "after-commit:ChargePayment" }, "payments", TYPES).crashAt).toEqual(["after-commit:ChargePayment"]);
  });

  it("refuses unknown names as a configuration error", () => {
    expect(() => workerSettingsFrom({ WORKER_CRASH_AT: "after-ack" }, "payments", TYPES)).toThrow(ConfigError);
    expect(() => workerSettingsFrom({ WORKER_CRASH_AT: "after-ack" }, "payments", TYPES)).toThrow(/WORKER_CRASH_AT: unknown crash point\(s\): after-ack/);
  });

  it("must be empty in production", () => {
    expect(() => workerSettingsFrom({ NODE_ENV: "production", WORKER_CRASH_AT: "after-publish" }, "payments", TYPES)).toThrow(/WORKER_CRASH_AT: must be empty in production/);
    expect(workerSettingsFrom({ NODE_ENV: "production" }, "payments", TYPES).crashAt).toEqual([]);
  });
});
