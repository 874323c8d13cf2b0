export interface RepeatOptions {
  /** Wait between the end of one round and the start of the next. */
  intervalMs: number;
  /** Run the first round at once (true) or after one interval (false). */
  startNow: boolean;
  /** A failed round is reported here; the next round runs as usual. */
  onError: (error: unknown) => void;
}

export interface PeriodicJob {
  /** No new round starts; resolves once the round in flight (if any) has ended. */
  stop(): Promise<void>;
}

/**
 * Runs `round` again and again, never two at once (a slow round delays the next rather than piling up).
 * `round` gets `isRunning`, so a long round (e.g. batch after batch) can end early once the job is stopped.
 */
export function repeatEvery(round: (isRunning: () => boolean) => Promise<unknown>, options: RepeatOptions): PeriodicJob {
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const isRunning = () => running;
  const tick = () => {
    if (!running) return;
    current = round(isRunning)
      .catch(options.onError)
      .finally(() => {
        if (running) timer = setTimeout(tick, options.intervalMs);
      });
  };
  if (options.startNow) tick();
  else timer = setTimeout(tick, options.intervalMs);
  return {
    stop: async () => {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
