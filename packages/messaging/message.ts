import { randomUUID } from "node:crypto";
import { isUuid } from "../ids";

/**
 * A message as stored in an outbox and carried on a stream. `id` is the outbox row's id: consumers
 * deduplicate on it, never on the Redis entry id, which changes when a message is published again.
 */
export interface Message<TPayload = unknown> {
  id: string;
  stream: string;
  type: string;
  payload: TPayload;
  /** Correlation id, trace context and the like, as plain strings. */
  headers: Record<string, string>;
}

export function newMessage<TPayload>(stream: string, type: string, payload: TPayload, headers: Record<string, string> = {}): Message<TPayload> {
  return { id: randomUUID(), stream, type, payload, headers };
}

/** Where a message goes after too many failed deliveries, kept for people to inspect. */
export function deadLetterStream(stream: string): string {
  return `${stream}:dead-letter`;
}

/** The flat field list XADD takes. */
export function toStreamFields(message: Message): string[] {
  return ["id", message.id, "type", message.type, "payload", JSON.stringify(message.payload), "headers", JSON.stringify(message.headers)];
}

export class MalformedMessageError extends Error {
  constructor(reason: string) {
    super(`malformed stream entry: ${reason}`);
    this.name = "MalformedMessageError";
  }
}

/** Reads an entry's fields back into a message; anything unreadable is poison, not a retryable failure. */
export function fromStreamFields(stream: string, fields: string[]): Message {
  const map = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) map.set(fields[index]!, fields[index + 1]!);
  const id = map.get("id");
  const type = map.get("type");
  if (!id || !type) throw new MalformedMessageError("missing id or type");
  // Consumers record the id in a uuid column; anything else could never be handled.
  if (!isUuid(id)) throw new MalformedMessageError("the message id is not a UUID");
  try {
    return {
      id,
      stream,
      type,
      payload: JSON.parse(map.get("payload") ?? "null") as unknown,
      headers: JSON.parse(map.get("headers") ?? "{}") as Record<string, string>,
    };
  } catch {
    throw new MalformedMessageError("payload or headers are not JSON");
  }
}
