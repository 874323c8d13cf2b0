import { createHash, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";
import { BoundedCache } from "../bounded-cache";
import { isRole, type Caller } from "./caller";
import { IdentityHeader } from "./headers";

/**
 * Proof that a subgraph call came from the gateway: an HMAC over the caller, a timestamp and a hash
 * of the GraphQL document. Binding the document means a captured signature cannot be replayed with
 * another query, and the timestamp bounds how long it can be replayed at all.
 */
export const DEFAULT_MAX_SIGNATURE_AGE_MS = 60_000;

type HeaderValue = string | string[] | undefined;
export type IncomingHeaders = Record<string, HeaderValue>;

// The gateway sends the same few query-plan documents over and over: hashing each once (per process)
// took a SHA-256 off every subgraph call on both sides. Bounded, so unsigned junk cannot grow it.
const queryHashes = new BoundedCache<string>(1_000);

function queryHash(query: string): string {
  return queryHashes.getOrCompute(query, () => createHash("sha256").update(query).digest("hex"));
}

function payload(timestamp: string, caller: Caller | null, query: string): string {
  return `v1\n${timestamp}\n${caller?.userId ?? ""}\n${caller?.role ?? ""}\n${queryHash(query)}`;
}

// A string secret is turned into a key on every createHmac; the key object is made once per secret.
const secretKeys = new Map<string, KeyObject>();

function hmac(secret: string, data: string): Buffer {
  let key = secretKeys.get(secret);
  if (key === undefined) {
    key = createSecretKey(Buffer.from(secret, "utf8"));
    secretKeys.set(secret, key);
  }
  return createHmac("sha256", key).update(data).digest();
}

export function signIdentity(secret: string, caller: Caller | null, query: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  const headers: Record<string, string> = {
    [IdentityHeader.timestamp]: timestamp,
    [IdentityHeader.signature]: hmac(secret, payload(timestamp, caller, query)).toString("hex"),
  };
  if (caller) {
    headers[IdentityHeader.userId] = caller.userId;
    headers[IdentityHeader.role] = caller.role;
  }
  return headers;
}

export type VerifiedIdentity = { ok: true; caller: Caller | null } | { ok: false; reason: string };

function single(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

export function verifyIdentity(
  secret: string,
  headers: IncomingHeaders,
  query: string,
  now = Date.now(),
  maxAgeMs = DEFAULT_MAX_SIGNATURE_AGE_MS,
): VerifiedIdentity {
  const timestamp = single(headers[IdentityHeader.timestamp]);
  const signature = single(headers[IdentityHeader.signature]);
  if (!timestamp || !signature) return { ok: false, reason: "missing gateway signature" };
  const signedAt = Number(timestamp);
  if (!Number.isFinite(signedAt) || Math.abs(now - signedAt) > maxAgeMs) {
    return { ok: false, reason: "gateway signature expired" };
  }
  const userId = single(headers[IdentityHeader.userId]);
  const role = single(headers[IdentityHeader.role]);
  let caller: Caller | null = null;
  if (userId || role) {
    if (!userId || !isRole(role)) return { ok: false, reason: "malformed identity" };
    caller = { userId, role };
  }
  const expected = hmac(secret, payload(timestamp, caller, query));
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad gateway signature" };
  }
  return { ok: true, caller };
}
