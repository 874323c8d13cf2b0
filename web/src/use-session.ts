import { useSyncExternalStore } from "react";
import { onSessionChange, readSession, type Session } from "./session";

let cached: { raw: string | null; session: Session | null } = { raw: null, session: null };

/** A stable snapshot for React: the same object until the stored session changes. */
function snapshot(): Session | null {
  const raw = localStorage.getItem("shop.session");
  if (raw !== cached.raw) cached = { raw, session: readSession() };
  return cached.session;
}

export function useSession(): Session | null {
  return useSyncExternalStore(onSessionChange, snapshot);
}
