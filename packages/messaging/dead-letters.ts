import type Redis from "ioredis";
import { redactPayload, wasRedacted } from "./secrets";
import { deadLetterStream } from "./message";

/**
 * The dead-letter streams (`<stream>:dead-letter`), for people: list, inspect, replay, delete. An entry
 * there is the original message's fields (id, type, payload, headers; secrets redacted) plus the
 * original `entry` id, the `group` that gave up on it and the `reason`.
 *
 * A dead letter is named `<stream>/<dead-letter entry id>`, e.g. `shop:inventory:commands/1712345678901-0`.
 */
export interface DeadLetter {
  id: string;
  stream: string;
  /** The dead-lettered copy's entry id; its time part is when the message was given up on. */
  entry: string;
  deadLetteredAt: Date;
  /** The original entry id on `stream`, the group that gave up and why. */
  originalEntry: string | null;
  group: string | null;
  reason: string | null;
  messageId: string | null;
  type: string | null;
  orderId: string | null;
  /** Secrets were taken out of the copy: it cannot be replayed as it was. */
  redacted: boolean;
}

export interface DeadLetterDetail extends DeadLetter {
  /** The payload as stored (parsed when it is JSON), secrets redacted. */
  payload: unknown;
  headers: unknown;
}

export class DeadLetterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeadLetterError";
  }
}

/** The fields a message is published with (toStreamFields); the rest of a dead-letter entry is about it. */
const MESSAGE_FIELDS = ["id", "type", "payload", "headers"] as const;

export function parseDeadLetterId(id: string): { stream: string; entry: string } {
  const match = /^(.+)\/(\d+-\d+)$/.exec(id);
  if (!match) throw new DeadLetterError(`not a dead-letter id: ${id} (expected <stream>/<entry id>, as listed)`);
  return { stream: match[1]!, entry: match[2]! };
}

function fieldMap(fields: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) map.set(fields[index]!, fields[index + 1]!);
  return map;
}

function parsedOrRaw(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function detailOf(stream: string, entry: string, fields: readonly string[]): DeadLetterDetail {
  const map = fieldMap(fields);
  const payload = redactPayload(parsedOrRaw(map.get("payload")));
  const orderId = (payload as { orderId?: unknown } | null)?.orderId;
  return {
    id: `${stream}/${entry}`,
    stream,
    entry,
    deadLetteredAt: new Date(Number(entry.split("-")[0])),
    originalEntry: map.get("entry") ?? null,
    group: map.get("group") ?? null,
    reason: map.get("reason") ?? null,
    messageId: map.get("id") ?? null,
    type: map.get("type") ?? null,
    orderId: typeof orderId === "string" ? orderId : null,
    redacted: wasRedacted(payload),
    payload,
    headers: parsedOrRaw(map.get("headers")),
  };
}

function summaryOf({ payload: _payload, headers: _headers, ...summary }: DeadLetterDetail): DeadLetter {
  return summary;
}

/** Dead letters of the given streams, oldest first. */
export async function listDeadLetters(redis: Redis, options: { streams: readonly string[]; limit?: number }): Promise<DeadLetter[]> {
  const streams = options.streams;
  const limit = options.limit ?? 100;
  const found: DeadLetter[] = [];
  for (const stream of streams) {
    const entries = await redis.xrange(deadLetterStream(stream), "-", "+", "COUNT", limit);
    found.push(...entries.map(([entry, fields]) => summaryOf(detailOf(stream, entry, fields))));
  }
  return found.sort((a, b) => a.deadLetteredAt.getTime() - b.deadLetteredAt.getTime()).slice(0, limit);
}

async function readDeadLetter(redis: Redis, id: string): Promise<{ stream: string; entry: string; fields: string[] } | null> {
  const { stream, entry } = parseDeadLetterId(id);
  const [found] = await redis.xrange(deadLetterStream(stream), entry, entry);
  return found ? { stream, entry, fields: found[1] } : null;
}

/** One dead letter with its payload (secrets redacted) and headers; null when there is none by that id. */
export async function showDeadLetter(redis: Redis, id: string): Promise<DeadLetterDetail | null> {
  const found = await readDeadLetter(redis, id);
  return found ? detailOf(found.stream, found.entry, found.fields) : null;
}

/**
 * Publishes the dead-lettered message again on its stream (a new entry, the same message id), so
 * its consumer groups handle it again, then removes the dead letter unless `keep`. Consumers
 * deduplicate by message id: a group that already applied the message changes nothing, one whose
 * transaction never committed applies it now. Refused for a copy whose secrets were redacted (a
 * payment command: the saga was compensated and flagged; the customer places the order again) and
 * for an entry that was never a readable message.
 */
export async function replayDeadLetter(redis: Redis, id: string, options: { keep?: boolean } = {}): Promise<{ stream: string; newEntry: string }> {
  const found = await readDeadLetter(redis, id);
  if (!found) throw new DeadLetterError(`no dead letter ${id}`);
  const detail = detailOf(found.stream, found.entry, found.fields);
  if (detail.redacted) throw new DeadLetterError(`${id} had its secrets redacted (${detail.type}); it cannot be sent again as it was`);
  const map = fieldMap(found.fields);
  if (!map.get("id") || !map.get("type")) throw new DeadLetterError(`${id} is not a readable message (${detail.reason ?? "no reason"}); delete it instead`);
  const fields = MESSAGE_FIELDS.flatMap((name) => (map.has(name) ? [name, map.get(name)!] : []));
  const transaction = redis.multi().xadd(found.stream, "*", ...fields);
  if (!options.keep) transaction.xdel(deadLetterStream(found.stream), found.entry);
  const results = await transaction.exec();
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error("redis transaction was discarded");
  return { stream: found.stream, newEntry: String(results[0]![1]) };
}

/** Removes a dead letter (resolved by a person); false when there was none by that id. */
export async function deleteDeadLetter(redis: Redis, id: string): Promise<boolean> {
  const { stream, entry } = parseDeadLetterId(id);
  return (await redis.xdel(deadLetterStream(stream), entry)) === 1;
}
