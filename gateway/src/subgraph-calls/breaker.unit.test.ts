import { setTimeout as sleep } from "node:timers/promises";
import { waitFor } from "../../../packages/testing/wait-for";
import { SubgraphBreaker } from "./breaker";
import { failureKind, SubgraphHttpError } from "./failures";

// A real opossum breaker over calls that fail the way an away subgraph does (HTTP 503), and a health
// check that says no until the subgraph is "back".
describe("a subgraph's breaker", () => {
  let breaker: SubgraphBreaker;
  let back: boolean;
  let healthChecks: number;

  beforeEach(() => {
    back = false;
    healthChecks = 0;
    const answers = async () => {
      healthChecks += 1;
      return back;
    };
    breaker = new SubgraphBreaker("catalog", { breakerErrorPercent: 50, breakerMinimumCalls: 2, breakerResetMs: 60_000, breakerProbeMs: 20 }, answers);
  });

  afterEach(() => breaker.shutdown());

  const failing = () => Promise.reject(new SubgraphHttpError("catalog", 503));

  async function open(): Promise<void> {
    for (let call = 0; call < 2; call += 1) await expect(breaker.run(failing)).rejects.toBeInstanceOf(SubgraphHttpError);
    expect(breaker.state).toBe("open");
  }

  it("asks nothing while closed", async () => {
    await expect(breaker.run(async () => "ok")).resolves.toBe("ok");
    await sleep(100);
    expect(breaker.state).toBe("closed");
    expect(healthChecks).toBe(0);
  });

  it("refuses calls at once while open, asking the subgraph meanwhile whether it is back", async () => {
    await open();
    let called = false;
    const refusal = await breaker.run(async () => (called = true)).catch((error: unknown) => error);
    expect(failureKind(refusal)).toBe("circuit_open");
    expect(called).toBe(false);
    await waitFor("health checks", async () => healthChecks >= 3, 2_000);
    expect(breaker.state).toBe("open");
  });

  it("closes as soon as the subgraph answers, long before the reset time, and lets calls through", async () => {
    await open();
    back = true;
    await waitFor("the breaker to close", async () => breaker.state === "closed", 2_000);
    await expect(breaker.run(async () => "ok")).resolves.toBe("ok");
    const asked = healthChecks;
    await sleep(100);
    expect(healthChecks).toBe(asked);
  });

  it("opens again at the next failure when the recovery does not hold", async () => {
    await open();
    back = true;
    await waitFor("the breaker to close", async () => breaker.state === "closed", 2_000);
    await expect(breaker.run(failing)).rejects.toBeInstanceOf(SubgraphHttpError);
    expect(breaker.state).toBe("open");
  });

  it("stops asking once shut down", async () => {
    await open();
    breaker.shutdown();
    const asked = healthChecks;
    await sleep(100);
    expect(healthChecks).toBeLessThanOrEqual(asked + 1);
  });
});
