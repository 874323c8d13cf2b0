import { setTimeout as sleep } from "node:timers/promises";
import { repeatEvery } from ".";

/** Waits (bounded) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5_000; !done(); await sleep(5)) if (Date.now() > deadline) throw new Error("timed out");
}

it("runs rounds one at a time, goes on after a failed one, and stops once the round in flight has ended", async () => {
  const errors: unknown[] = [];
  let rounds = 0;
  let inFlight = 0;
  let overlapped = false;
  let finished = 0;
  const job = repeatEvery(
    async () => {
      rounds += 1;
      inFlight += 1;
      overlapped ||= inFlight > 1;
      await sleep(20);
      inFlight -= 1;
      finished += 1;
      if (rounds === 2) throw new Error("round 2 failed");
    },
    { intervalMs: 1, startNow: true, onError: (error) => errors.push(error) },
  );
  await until(() => rounds >= 4);
  await job.stop();
  const stoppedAt = rounds;
  expect(finished).toBe(rounds); // stop waited for the round in flight
  await sleep(30);
  expect(rounds).toBe(stoppedAt);
  expect(overlapped).toBe(false);
  expect(errors).toEqual([new Error("round 2 failed")]);
});

it("waits one interval before the first round unless told to start now, and tells a round it was stopped", async () => {
  let rounds = 0;
  const delayed = repeatEvery(async () => void (rounds += 1), { intervalMs: 60_000, startNow: false, onError: () => {} });
  await sleep(20);
  expect(rounds).toBe(0);
  await delayed.stop();

  const seen: boolean[] = [];
  let stop: Promise<void> = Promise.resolve();
  const job = repeatEvery(
    async (isRunning) => {
      await sleep(1); // the first round starts inside repeatEvery, before `job` is assigned
      seen.push(isRunning());
      stop = job.stop();
      seen.push(isRunning());
    },
    { intervalMs: 1, startNow: true, onError: () => {} },
  );
  await until(() => seen.length === 2);
  await stop;
  expect(seen).toEqual([true, false]);
});
