import { isUuid } from "../ids";
import { enqueue, handleOnce, type Message, type SqlClient, type TransactionRunner } from "../messaging";
import { shopMessage } from "./contracts";
import { messageHeaders } from "./headers";

/**
 * The onDeadLetter of a command stream: a command given up on is answered with StepAbandoned, so the
 * orchestrator compensates and flags the saga instead of waiting for its deadline. Written through the
 * outbox, once per message id. A message that names no order can only be left to the saga's deadline.
 */
export function abandonStepOnDeadLetter<Tx extends SqlClient>(db: TransactionRunner<Tx> & SqlClient, consumer: string) {
  return async (message: Message | null, reason: string): Promise<void> => {
    const orderId = (message?.payload as { orderId?: unknown } | null)?.orderId;
    if (!message || !isUuid(orderId)) return;
    const abandoned = shopMessage("StepAbandoned", { orderId, command: message.type, reason }, messageHeaders({ message }));
    // The processed-messages record keys on the message id, a uuid column: an id that is not one cannot be recorded.
    if (isUuid(message.id)) await handleOnce(db, `${consumer}:dead-letter`, message, async () => [abandoned]);
    else await enqueue(db, [abandoned]);
  };
}
