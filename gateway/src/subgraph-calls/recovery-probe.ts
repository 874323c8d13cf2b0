/**
 * Asks, every `intervalMs`, whether a subgraph answers again, one question at a time, until it does
 * (then `onRecovered`) or until stopped. Runs only while a breaker is open, so it is bounded by the
 * breaker's reset time: at most resetMs / intervalMs probes per open period, each bounded by the
 * subgraph's call timeout.
 */
export class RecoveryProbe {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly answers: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly onRecovered: () => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.probeOnce(), this.intervalMs);
    // A probe never keeps the process alive.
    this.timer.unref();
  }

  private async probeOnce(): Promise<void> {
    const answered = await this.answers().catch(() => false);
    // Stopped meanwhile (the breaker closed or half-opened by itself, or shut down): the answer is moot.
    if (!this.running) return;
    if (answered) {
      this.stop();
      this.onRecovered();
    } else {
      this.schedule();
    }
  }
}
