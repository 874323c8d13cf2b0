import { enqueue, markProcessedMany } from "./outbox";
import type { Message } from "./message";
import type { SqlClient } from "./sql-client";

/** A client that can run an interactive transaction, e.g. a Prisma client; `Tx` is its transaction client. */
export interface TransactionRunner<Tx extends SqlClient> {
  $transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/** A message's effect inside a transaction: the state change, returning the messages it causes. */
export type OnceEffect<Tx> = (tx: Tx) => Promise<readonly Message[]>;

/** A message with the effect its handler prepared for it. */
export interface PreparedMessage<Tx> {
  message: Message;
  effect: OnceEffect<Tx>;
}

/**
 * Work for a whole batch inside its transaction, before the effects run: e.g. locking every row the
 * batch changes in one statement and in a fixed order (no deadlock between two batches), and reading
 * them in one more. Given the messages whose effects will run.
 */
export type BeforeEffects<Tx> = (tx: Tx, messages: readonly Message[]) => Promise<void>;

/**
 * Applies several messages' effects exactly once, in one transaction: their ids are recorded as
 * processed in one statement, the effects of the ids seen for the first time run in the order given,
 * and every message they cause goes to the outbox in one insert. A redelivered message finds its id
 * recorded and changes nothing. Resolves with how many effects ran; the caller acknowledges the stream
 * entries after it resolves. If any effect throws, nothing of the batch is committed.
 */
export async function handleBatchOnce<Tx extends SqlClient>(
  db: TransactionRunner<Tx>,
  consumer: string,
  batch: ReadonlyArray<PreparedMessage<Tx>>,
  beforeEffects?: BeforeEffects<Tx>,
): Promise<number> {
  if (batch.length === 0) return 0;
  return db.$transaction(async (tx) => {
    const firstSeen = await markProcessedMany(tx, batch.map(({ message }) => message.id), consumer);
    // delete(): a message delivered twice in one batch (a replay) has its effect once, the first copy's.
    const fresh = batch.filter(({ message }) => firstSeen.delete(message.id.toLowerCase()));
    if (fresh.length > 0) await beforeEffects?.(tx, fresh.map(({ message }) => message));
    const caused: Message[] = [];
    for (const { effect } of fresh) caused.push(...(await effect(tx)));
    await enqueue(tx, caused);
    return fresh.length;
  });
}

/** One message's effect, exactly once (see handleBatchOnce); true when it ran, false for a redelivery. */
export async function handleOnce<Tx extends SqlClient>(
  db: TransactionRunner<Tx>,
  consumer: string,
  message: Message,
  effect: OnceEffect<Tx>,
): Promise<boolean> {
  return (await handleBatchOnce(db, consumer, [{ message, effect }])) === 1;
}
