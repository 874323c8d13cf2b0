import { writeSync } from "node:fs";

/**
 * Crash points: exact places in the messaging code where a fault test makes a process die, so that the
 * crash windows of at-least-once delivery are tested on purpose rather than hit by chance. They are off
 * unless WORKER_CRASH_AT names them (fault tests only; production refuses them).
 * - `after-commit:<MessageType>`: a consumer's handler has committed the message's effect, and the
 *   stream entry is not acknowledged yet. The transport knows no message types: the application names
 *   them (for the shop, MESSAGE_TYPES in packages/shop-messages).
 * - `after-publish`: the relay's XADDs succeeded, and the outbox rows are not marked published yet.
 */
export type CrashPoint<TMessageType extends string = string> = `after-commit:${TMessageType}` | "after-publish";

export class UnknownCrashPointError extends Error {
  constructor(readonly names: readonly string[]) {
    super(`unknown crash point(s): ${names.join(", ")} (expected after-publish or after-commit:<MessageType>)`);
    this.name = "UnknownCrashPointError";
  }
}

/** Whether `name` is a crash point, `after-commit:` known only for the given message types. */
export function isCrashPoint(name: string, messageTypes: readonly string[]): name is CrashPoint {
  if (name === "after-publish") return true;
  const type = name.startsWith("after-commit:") ? name.slice("after-commit:".length) : null;
  return type !== null && messageTypes.includes(type);
}

/**
 * Reads a comma-separated list such as `after-commit:ChargePayment,after-publish`; blank items are
 * ignored, and `after-commit:` is known only for the given message types.
 */
export function parseCrashPoints(spec: string, messageTypes: readonly string[]): CrashPoint[] {
  const names = spec
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  // A misspelt name would silently never fire, and the fault test would prove nothing.
  const known = (name: string): name is CrashPoint => isCrashPoint(name, messageTypes);
  const unknown = names.filter((name) => !known(name));
  if (unknown.length > 0) throw new UnknownCrashPointError(unknown);
  return [...new Set(names.filter(known))];
}

export interface CrashPoints {
  /** Whether this process is set to crash at `point`. */
  includes(point: string): boolean;
  /** Kills this process with SIGKILL when it is set to crash at `point`; otherwise does nothing. */
  reach(point: string): void;
}

export function crashPoints(points: readonly CrashPoint[]): CrashPoints {
  const armed: ReadonlySet<string> = new Set(points);
  const includes = (point: string) => armed.has(point);
  return {
    includes,
    reach: (point) => {
      if (!includes(point)) return;
      // Written synchronously: an asynchronous logger would not get to write before the kill.
      writeSync(2, `crash point ${point} reached: killing process ${process.pid} with SIGKILL\n`);
      // A real crash: no cleanup, any open transaction is rolled back by PostgreSQL, nothing acknowledged.
      process.kill(process.pid, "SIGKILL");
    },
  };
}
