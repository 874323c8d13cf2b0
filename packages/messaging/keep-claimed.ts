import type Redis from "ioredis";
import type { Logger } from "../logging";

/**
 * Resets the idle time of the entries a consumer still owns, so that another consumer's XAUTOCLAIM
 * (which takes entries idle for `claimIdleMs`) leaves them alone while they are being handled: a batch
 * whose messages wait on a slow payment provider can take longer than that. An entry another consumer
 * has claimed meanwhile (this process stalled) is not taken back: ownership is checked in the same script.
 */
const KEEP_OWN_ENTRIES = `
local kept = 0
for index = 3, #ARGV do
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[index], ARGV[index], 1)
  if #pending == 1 and pending[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[index], 'JUSTID')
    kept = kept + 1
  end
end
return kept`;

export interface KeepClaimedOptions {
  redis: Redis;
  stream: string;
  group: string;
  consumer: string;
  claimIdleMs: number;
  logger: Logger;
}

/** Keeps `entryIds` claimed every third of `claimIdleMs` until the returned function is called. */
export function keepClaimed(options: KeepClaimedOptions, entryIds: readonly string[]): () => void {
  const { redis, stream, group, consumer, logger } = options;
  const touch = () =>
    redis.eval(KEEP_OWN_ENTRIES, 1, stream, group, consumer, ...entryIds).catch((error: unknown) => {
      logger.warn({ err: error, stream, group }, "could not keep the entries in hand claimed");
    });
  const timer = setInterval(() => void touch(), Math.max(20, Math.floor(options.claimIdleMs / 3)));
  return () => clearInterval(timer);
}
