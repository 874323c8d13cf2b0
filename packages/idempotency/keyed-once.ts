import type { SqlClient, TransactionRunner } from "../messaging";
import { canonicalJson, replayStored } from "./request-key";

/** One keyed request: the caller's key for one operation, and the arguments it came with. */
export interface KeyedRequest {
  callerId: string;
  operation: string;
  key: string;
  request: unknown;
}

interface StoredKey {
  request: unknown;
  result: unknown;
}

/**
 * Runs `effect` once per (caller, operation, key), in one transaction with the key's row in the
 * owning database's `idempotency_keys` table. The key is claimed first with INSERT ... ON CONFLICT DO
 * NOTHING: a concurrent request with the same key waits on the unique index until the first commits
 * (then reads its stored result) or rolls back (then claims the key itself). Never read-then-write.
 * The result is stored as JSON and every call, the first included, returns that JSON (`T` must survive
 * JSON, or the caller revives it), so a replay answers exactly what the first call answered.
 * An effect that throws rolls back the key too: a request refused once may be retried with the same key.
 */
export function runOnceByKey<Tx extends SqlClient, T>(db: TransactionRunner<Tx>, keyed: KeyedRequest, effect: (tx: Tx) => Promise<T>): Promise<T> {
  const request = canonicalJson(keyed.request);
  return db.$transaction(async (tx) => {
    const claimed = await tx.$queryRawUnsafe<unknown[]>(
      `INSERT INTO idempotency_keys (caller_id, operation, key, request) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (caller_id, operation, key) DO NOTHING RETURNING key`,
      keyed.callerId,
      keyed.operation,
      keyed.key,
      request,
    );
    if (claimed.length === 0) return replayStored((await storedKey(tx, keyed)) as { request: unknown; result: T }, keyed.request);
    const result = JSON.stringify(await effect(tx));
    await tx.$executeRawUnsafe(
      `UPDATE idempotency_keys SET result = $4::jsonb WHERE caller_id = $1 AND operation = $2 AND key = $3`,
      keyed.callerId,
      keyed.operation,
      keyed.key,
      result,
    );
    return JSON.parse(result) as T;
  });
}

/** A new statement, so under READ COMMITTED it sees the row the conflicting transaction committed. */
async function storedKey(tx: SqlClient, keyed: KeyedRequest): Promise<StoredKey> {
  const [row] = await tx.$queryRawUnsafe<StoredKey[]>(
    `SELECT request, result FROM idempotency_keys WHERE caller_id = $1 AND operation = $2 AND key = $3`,
    keyed.callerId,
    keyed.operation,
    keyed.key,
  );
  if (!row) throw new Error(`idempotency key ${keyed.operation}/${keyed.key} conflicted but cannot be read`);
  return row;
}
