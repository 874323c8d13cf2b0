import Redis from "ioredis";
import { DEFAULT_REDIS_URL } from "../config";
import { fromStreamFields, toStreamFields, workerSettingsFrom, type Message, type WorkerSettings } from "../messaging";
import { MESSAGE_TYPES } from "../shop-messages";

/**
 * For the workers' integration tests: a Redis logical database of the test file's own (tests run in
 * parallel on one Redis), publishing as the relay does, and reading what comes back.
 */
export function redisForTest(db: number): Redis {
  return new Redis(process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL, { db, maxRetriesPerRequest: null });
}

/** Short waits so that retries, claims and dead-lettering happen within a test. */
export function testWorkerSettings(service: string): WorkerSettings {
  const env = { WORKER_MAX_DELIVERIES: "3", WORKER_CLAIM_IDLE_MS: "300", WORKER_RELAY_INTERVAL_MS: "20", WORKER_BLOCK_MS: "100" };
  return workerSettingsFrom(env, `${service}-test`, MESSAGE_TYPES);
}

export async function publish(redis: Redis, message: Message): Promise<void> {
  await redis.xadd(message.stream, "*", ...toStreamFields(message));
}

export async function readStream(redis: Redis, stream: string): Promise<Message[]> {
  const entries = await redis.xrange(stream, "-", "+");
  return entries.map(([, fields]) => fromStreamFields(stream, fields));
}

/** The raw field maps of a stream's entries (dead-letter entries carry `reason` beside the message). */
export async function readEntries(redis: Redis, stream: string): Promise<Array<Record<string, string>>> {
  const entries = await redis.xrange(stream, "-", "+");
  return entries.map(([, fields]) => {
    const record: Record<string, string> = {};
    for (let index = 0; index + 1 < fields.length; index += 2) record[fields[index]!] = fields[index + 1]!;
    return record;
  });
}

/** Messages on `stream` about one order (by payload.orderId). */
export async function messagesFor(redis: Redis, stream: string, orderId: string): Promise<Message[]> {
  return (await readStream(redis, stream)).filter((message) => (message.payload as { orderId?: string } | null)?.orderId === orderId);
}
