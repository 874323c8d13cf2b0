import type Redis from "ioredis";

/**
 * Secrets that travel in message payloads (only the payment token today) and how they leave Redis:
 * an acknowledged entry of a stream that carries them is deleted with its acknowledgement, and the
 * copy a dead-letter stream keeps has them replaced by REDACTED.
 */
export const SECRET_PAYLOAD_FIELDS: readonly string[] = ["paymentToken"];

export const REDACTED = "[redacted]";

/** The payload with every secret field replaced; anything that is not an object is returned as it is. */
export function redactPayload(payload: unknown): unknown {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return payload;
  const copy: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const field of SECRET_PAYLOAD_FIELDS) if (field in copy) copy[field] = REDACTED;
  return copy;
}

/** Whether a payload had secrets taken out (such a message cannot be replayed as it was). */
export function wasRedacted(payload: unknown): boolean {
  if (payload === null || typeof payload !== "object") return false;
  return SECRET_PAYLOAD_FIELDS.some((field) => (payload as Record<string, unknown>)[field] === REDACTED);
}

/**
 * A stream entry's flat field list with the secrets in its `payload` replaced. A payload that is not
 * JSON cannot be searched, so it is replaced whole when it mentions a secret field's name.
 */
export function redactStreamFields(fields: readonly string[]): string[] {
  const redacted = [...fields];
  for (let index = 0; index + 1 < redacted.length; index += 2) {
    if (redacted[index] !== "payload") continue;
    const raw = redacted[index + 1]!;
    try {
      redacted[index + 1] = JSON.stringify(redactPayload(JSON.parse(raw)));
    } catch {
      if (SECRET_PAYLOAD_FIELDS.some((field) => raw.includes(field))) redacted[index + 1] = REDACTED;
    }
  }
  return redacted;
}

/**
 * XACK, and on a stream that carries secrets XDEL in the same transaction: only one group reads such
 * a stream (see StreamTopology), so once it acknowledged an entry no copy of the secret stays in Redis.
 */
export async function acknowledge(redis: Redis, stream: string, group: string, entryIds: readonly string[], carriesSecrets = false): Promise<void> {
  if (entryIds.length === 0) return;
  if (!carriesSecrets) {
    await redis.xack(stream, group, ...entryIds);
    return;
  }
  const results = await redis.multi().xack(stream, group, ...entryIds).xdel(stream, ...entryIds).exec();
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error("redis transaction was discarded");
}
