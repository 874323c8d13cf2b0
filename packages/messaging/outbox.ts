import type { Message } from "./message";
import { OUTBOX_CHANNEL } from "./outbox-listener";
import type { SqlClient } from "./sql-client";

/**
 * The transactional outbox: a state change and the messages it causes are written in one database
 * transaction, and the relay publishes them afterwards. Postgres is the source of truth.
 */
export async function enqueue(tx: SqlClient, messages: readonly Message[]): Promise<void> {
  if (messages.length === 0) return;
  // One statement for all of them, in the order given (the relay publishes in seq order).
  // The notification is delivered when (and only if) the transaction commits: the relay wakes at once.
  await tx.$executeRawUnsafe(
    `WITH inserted AS (
       INSERT INTO outbox (id, stream, type, payload, headers)
       SELECT (listed.value->>'id')::uuid, listed.value->>'stream', listed.value->>'type', listed.value->'payload', listed.value->'headers'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS listed(value, position)
        ORDER BY listed.position
     )
     SELECT pg_notify('${OUTBOX_CHANNEL}', '')`,
    JSON.stringify(messages),
  );
}

/** Whether anything waits to be published: a cheap look (partial index) before the relay opens a transaction. */
export async function hasUnpublished(db: SqlClient): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<Array<{ waiting: boolean }>>(`SELECT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL) AS waiting`);
  return rows[0]?.waiting === true;
}

interface OutboxRow {
  id: string;
  stream: string;
  type: string;
  payload: unknown;
  headers: Record<string, string>;
}

/** The oldest unpublished messages, locked so that two relays never publish the same batch at once. */
export async function lockUnpublished(tx: SqlClient, limit: number): Promise<Message[]> {
  const rows = await tx.$queryRawUnsafe<OutboxRow[]>(
    `SELECT id::text AS id, stream, type, payload, headers FROM outbox
      WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
    limit,
  );
  return rows.map((row) => ({ id: row.id, stream: row.stream, type: row.type, payload: row.payload, headers: row.headers ?? {} }));
}

export async function markPublished(tx: SqlClient, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRawUnsafe(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, ids);
}

/**
 * Marks messages published since `since` as unpublished again, so the relay sends them once more:
 * used when Redis lost its data. Consumers deduplicate, so a second delivery changes nothing.
 */
export async function republishSince(db: SqlClient, since: Date): Promise<number> {
  return db.$executeRawUnsafe(`UPDATE outbox SET published_at = NULL WHERE published_at >= $1`, since);
}

/**
 * Records message ids as processed by a consumer (inside the transaction that applies their effects)
 * and returns those it had not seen before (lower case, as PostgreSQL prints a uuid): one statement
 * for a whole batch.
 */
export async function markProcessedMany(tx: SqlClient, messageIds: readonly string[], consumer: string): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<Array<{ message_id: string }>>(
    `INSERT INTO processed_messages (message_id, consumer)
     SELECT DISTINCT listed.id, $2 FROM unnest($1::uuid[]) AS listed(id)
     ON CONFLICT DO NOTHING RETURNING message_id::text`,
    [...messageIds],
    consumer,
  );
  return new Set(rows.map((row) => row.message_id));
}
