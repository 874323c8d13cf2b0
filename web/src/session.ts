import { GATEWAY_URL } from "./config";
import type { UserProfileFragment } from "../../operations/generated/graphql";
import { RefreshSessionDocument } from "../../operations/generated/graphql";
import { stringifyDocument } from "@urql/core";
import { recordRefresh, renewedFor } from "./refresh-ledger";

/** What a signed-in browser keeps: the access token until expiresAt, then the single-use refresh token. */
export interface Session {
  token: string;
  expiresAt: string;
  refreshToken: string;
  user: UserProfileFragment;
}

const STORAGE_KEY = "shop.session";
/** Refresh this long before the access token expires, so a request never leaves with a dying token. */
const REFRESH_MARGIN_MS = 30_000;
const listeners = new Set<() => void>();

export function readSession(): Session | null {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === null) return null;
  try {
    return JSON.parse(stored) as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session === null) localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  listeners.forEach((listener) => listener());
}

/** Calls `listener` whenever the session changes, in this tab or (through the storage event) another one. */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

function expiresSoon(session: Session): boolean {
  return new Date(session.expiresAt).getTime() - Date.now() < REFRESH_MARGIN_MS;
}

async function exchange(refreshToken: string): Promise<Session | null> {
  const response = await fetch(GATEWAY_URL, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: stringifyDocument(RefreshSessionDocument), variables: { refreshToken }, operationName: "RefreshSession" }),
  });
  const body = (await response.json()) as { data?: { refreshToken: Session | null } | null };
  return body.data?.refreshToken ?? null;
}

/**
 * One refresh at a time across every tab: the Web Lock serialises them, and inside it the stored session
 * is read again (and the refresh ledger, which other tabs' refreshes reach reliably), so a tab that waited
 * uses the pair another tab just got instead of spending the same refresh token a second time.
 * Sessions are told apart by their refresh token: two access tokens issued within one second can be
 * the very same string, a rotated refresh token never is.
 */
async function refreshUnderLock(spentRefreshToken: string): Promise<Session | null> {
  const current = readSession();
  if (current === null) return null;
  if (current.refreshToken !== spentRefreshToken && !expiresSoon(current)) return current;
  const alreadyRenewed = await renewedFor<Session>(current.refreshToken);
  if (alreadyRenewed !== null) {
    saveSession(alreadyRenewed);
    return alreadyRenewed;
  }
  const renewed = await exchange(current.refreshToken).catch(() => undefined);
  if (renewed === undefined) return current; // network trouble: keep the session, try again later
  if (renewed !== null) await recordRefresh(current.refreshToken, renewed);
  saveSession(renewed);
  return renewed;
}

let inFlight: Promise<Session | null> | null = null;

/** Replaces `seen` (expiring, or refused by the gateway): single-flight within the tab, locked across tabs. */
export function refreshSession(seen: Session): Promise<Session | null> {
  if (inFlight) return inFlight;
  const run = () => refreshUnderLock(seen.refreshToken);
  const locked = typeof navigator !== "undefined" && navigator.locks ? (async () => await navigator.locks.request("shop.refresh", run))() : run();
  const settled = locked.finally(() => (inFlight = null));
  inFlight = settled;
  return settled;
}

/** The session to send requests with now, refreshed first when its access token is about to expire. */
export async function currentSession(): Promise<Session | null> {
  const session = readSession();
  if (session === null || !expiresSoon(session)) return session;
  return refreshSession(session);
}
