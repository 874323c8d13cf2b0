/**
 * An async iterator fed from outside: what graphql-ws reads a subscription's results from. Values wait
 * here until read; `fail` ends it with an error (sent to the client as the operation's error), `end`
 * completes it. `onReturn` runs once, whichever way it ends (the client's complete, a closed socket).
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = [];
  private readonly waiting: Array<{ resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }> = [];
  private failure: unknown = null;
  private ended = false;
  private returned = false;

  constructor(private readonly onReturn: () => void) {}

  get closed(): boolean {
    return this.ended || this.failure !== null;
  }

  push(value: T): void {
    if (this.closed) return;
    const reader = this.waiting.shift();
    if (reader) reader.resolve({ value, done: false });
    else this.values.push(value);
  }

  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = error;
    for (const reader of this.waiting.splice(0)) reader.reject(error);
    this.finish();
  }

  end(): void {
    if (this.closed) return;
    this.ended = true;
    for (const reader of this.waiting.splice(0)) reader.resolve({ value: undefined, done: true });
    this.finish();
  }

  async next(): Promise<IteratorResult<T>> {
    const value = this.values.shift();
    if (value !== undefined) return { value, done: false };
    if (this.failure !== null) throw this.failure;
    if (this.ended) return { value: undefined, done: true };
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async return(): Promise<IteratorResult<T>> {
    this.values.length = 0;
    this.end();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    if (this.returned) return;
    this.returned = true;
    this.onReturn();
  }
}
