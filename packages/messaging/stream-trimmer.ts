import type Redis from "ioredis";
import type { Logger } from "../logging";
import { setDeadLetterCount, setStreamLength, setStreamPending } from "../metrics";
import { repeatEvery } from "../periodic-job";
import { deadLetterStream } from "./message";
import type { StreamTopology } from "./topology";

/**
 * Finds a stream's safe trim point and trims to it, in one script so nothing moves in between: the
 * lowest, over every consumer group, of its oldest pending entry (XPENDING's summary) or, for a group
 * with nothing pending, its last-delivered-id (what comes after it that group has not read yet).
 * `XTRIM MINID` removes only entries below that id, so no entry that is pending or unread by any group
 * is ever removed. Nothing is trimmed while a group the stream must have (ARGV[2..]) is missing, or
 * when the stream has no group at all.
 *
 * KEYS[1] the stream; ARGV[1] "~" (approximate: whole nodes only, never more than asked) or "=".
 * Returns { removed, length, missing groups (array), group/pending pairs (array) }; removed is -1
 * when nothing was trimmed on purpose.
 */
const TRIM_SCRIPT = `
local stream = KEYS[1]
if redis.call('EXISTS', stream) == 0 then return {-1, 0, {}, {}} end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function lower(a, b)
  if a == nil then return b end
  local ams, aseq = parse(a)
  local bms, bseq = parse(b)
  if ams < bms or (ams == bms and aseq < bseq) then return a end
  return b
end
local present = {}
local pendingByGroup = {}
local minid = nil
for _, group in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
  local info = {}
  for index = 1, #group, 2 do info[group[index]] = group[index + 1] end
  local name = info['name']
  present[name] = true
  table.insert(pendingByGroup, name)
  table.insert(pendingByGroup, tostring(info['pending']))
  if tonumber(info['pending']) > 0 then
    local summary = redis.call('XPENDING', stream, name)
    minid = lower(minid, summary[2])
  else
    minid = lower(minid, info['last-delivered-id'])
  end
end
local missing = {}
for index = 2, #ARGV do
  if not present[ARGV[index]] then table.insert(missing, ARGV[index]) end
end
if minid == nil or #missing > 0 then return {-1, redis.call('XLEN', stream), missing, pendingByGroup} end
local removed = redis.call('XTRIM', stream, 'MINID', ARGV[1], minid)
return {removed, redis.call('XLEN', stream), missing, pendingByGroup}
`;

export interface TrimResult {
  stream: string;
  /** Entries removed by this trim; 0 when the trim was held back (see `waitingFor`). */
  removed: number;
  /** Entries left in the stream. */
  length: number;
  /** Expected groups that do not exist yet: the stream is not trimmed until they do. */
  waitingFor: string[];
  /** Pending (delivered, unacknowledged) entries per group. */
  pending: Record<string, number>;
}

type ScriptReply = [removed: number, length: number, missing: string[], pending: string[]];

/**
 * Trims `stream` below the oldest entry any consumer group still needs (see TRIM_SCRIPT), never while
 * one of `expectedGroups` is missing. Approximate by default (cheaper, and never removes more than
 * asked); exact when asked (the trimmer asks on streams that carry secrets).
 */
export async function trimStream(redis: Redis, stream: string, expectedGroups: readonly string[], options: { exact?: boolean } = {}): Promise<TrimResult> {
  const exact = options.exact ?? false;
  const [removed, length, missing, pendingPairs] = (await redis.eval(TRIM_SCRIPT, 1, stream, exact ? "=" : "~", ...expectedGroups)) as ScriptReply;
  const pending: Record<string, number> = {};
  for (let index = 0; index + 1 < pendingPairs.length; index += 2) pending[pendingPairs[index]!] = Number(pendingPairs[index + 1]);
  return { stream, removed: Math.max(0, removed), length, waitingFor: missing, pending };
}

/**
 * Dead-letter streams are for people, not consumers: kept up to `maxLength` entries (approximately),
 * the oldest dropped beyond. Returns how many are left.
 */
export async function trimDeadLetters(redis: Redis, stream: string, maxLength: number): Promise<number> {
  const dead = deadLetterStream(stream);
  const results = await redis.multi().xtrim(dead, "MAXLEN", "~", maxLength).xlen(dead).exec();
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error("redis transaction was discarded");
  return Number(results[1]![1]);
}

export interface StreamTrimmerOptions {
  redis: Redis;
  service: string;
  logger: Logger;
  /** The streams to trim: a participant trims the streams it reads. */
  streams: readonly string[];
  /** Which groups each stream must have before it is trimmed, and which streams are trimmed exactly. */
  topology: Pick<StreamTopology, "groupsOf" | "carriesSecrets">;
  /** A group each stream must have besides those the topology names (the participant's own). */
  ownGroup?: string;
  intervalMs: number;
  deadLetterMaxLength: number;
}

export interface StreamTrimmer {
  trimOnce(): Promise<TrimResult[]>;
  stop(): Promise<void>;
}

/**
 * Trims streams every `intervalMs` and reports their length, pending entries and dead letters as
 * metrics. Idempotent: several replicas trimming the same stream do no harm.
 */
export function startStreamTrimmer(options: StreamTrimmerOptions): StreamTrimmer {
  const { redis, service, logger } = options;
  const streams = [...new Set(options.streams)];

  async function trimOnce(): Promise<TrimResult[]> {
    const results: TrimResult[] = [];
    for (const stream of streams) {
      const expected = [...new Set([...options.topology.groupsOf(stream), ...(options.ownGroup ? [options.ownGroup] : [])])];
      const result = await trimStream(redis, stream, expected, { exact: options.topology.carriesSecrets(stream) });
      results.push(result);
      setStreamLength(service, stream, result.length);
      for (const [group, pending] of Object.entries(result.pending)) setStreamPending(service, stream, group, pending);
      setDeadLetterCount(service, stream, await trimDeadLetters(redis, stream, options.deadLetterMaxLength));
    }
    return results;
  }

  const job =
    streams.length > 0
      ? repeatEvery(trimOnce, {
          intervalMs: options.intervalMs,
          startNow: false,
          onError: (error) => logger.warn({ err: error, service }, "stream trim failed; will retry"),
        })
      : null;

  return {
    trimOnce,
    stop: async () => {
      await job?.stop();
    },
  };
}
