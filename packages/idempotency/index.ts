export { runOnceByKey, type KeyedRequest } from "./keyed-once";
export { canonicalJson, MAX_IDEMPOTENCY_KEY_LENGTH, readIdempotencyKey, replayStored } from "./request-key";
