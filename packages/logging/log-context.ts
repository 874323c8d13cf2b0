import { AsyncLocalStorage } from "node:async_hooks";

/** Fields every log line written while handling one request (or one stream message) carries. */
export type LogContext = Readonly<Record<string, string>>;

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `work` with these fields added to every log line it writes, however deep in the call stack,
 * so a resolver's or a repository's log lines carry the request's correlation id without passing it.
 */
export function runWithLogContext<T>(fields: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
