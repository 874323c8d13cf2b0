import { enqueue, markProcessed } from "./outbox";
import type { Message } from "./message";
import type { SqlClient } from "./sql-client";

/** A client that can run an interactive transaction, e.g. a Prisma client; `Tx` is its transaction client. */
export interface TransactionRunner<Tx extends SqlClient> {
  $transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/**
 * Applies a message's effect exactly once: in one transaction the message id is recorded as processed,
 * the effect is applied and the messages it causes go to the outbox. A redelivered message finds its id
 * recorded and changes nothing. The caller acknowledges the stream entry after this resolves.
 */
export async function handleOnce<Tx extends SqlClient>(
  db: TransactionRunner<Tx>,
  consumer: string,
  message: Message,
  effect: (tx: Tx) => Promise<readonly Message[]>,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await markProcessed(tx, message.id, consumer))) return false;
    await enqueue(tx, await effect(tx));
    return true;
  });
}
