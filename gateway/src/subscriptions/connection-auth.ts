import { GraphQLError } from "graphql";
import { accessTokenExpiresAt } from "../../../packages/auth-token";
import type { Caller } from "../../../packages/identity";

/** graphql-ws close codes the gateway uses (4400-4499: the client's doing, as graphql-ws's own). */
export const LiveCloseCode = {
  Unauthorized: 4401,
  TooManyConnections: 4429,
} as const;

/** Why a connection was refused or closed, as its close reason says (at most 123 bytes). */
export const LiveCloseReason = {
  anonymous: "Unauthorized: sign in and send connectionParams { authorization: \"Bearer <token>\" }",
  invalidToken: "Unauthorized: the access token is invalid or has expired",
  expired: "Unauthorized: the access token has expired; connect again with a new one",
  ended: "Unauthorized: the session has ended (signed out, or the password changed); sign in again",
  tooManyConnections: (limit: number) => `Too many connections: at most ${limit} per user`,
} as const;

/** The same check as an HTTP request's Authorization header (gateway/src/context.ts's authenticate). */
export type Authenticate = (authorization: string | undefined) => Caller | null | Promise<Caller | null>;

export type ConnectionVerdict =
  | { ok: true; caller: Caller; expiresAt: number | null }
  | { ok: false; reason: "anonymous" | "invalidToken" };

function authorizationIn(params: unknown): unknown {
  if (!params || typeof params !== "object" || Array.isArray(params)) return undefined;
  const record = params as Record<string, unknown>;
  return record.authorization ?? record.Authorization;
}

/**
 * The Authorization value a client put in connectionParams: `authorization` or `Authorization`, or the
 * same inside `headers` (as Apollo's guides nest it, and as tools that send their header list do).
 */
export function authorizationOf(connectionParams: unknown): string | undefined {
  const value = authorizationIn(connectionParams) ?? authorizationIn((connectionParams as { headers?: unknown } | null)?.headers);
  return typeof value === "string" ? value : undefined;
}

/** Verifies a connection's token once, as HTTP does each request; anonymous connections are refused. */
export async function verifyConnection(connectionParams: unknown, authenticate: Authenticate): Promise<ConnectionVerdict> {
  const authorization = authorizationOf(connectionParams);
  let caller: Caller | null;
  try {
    caller = await authenticate(authorization);
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === "UNAUTHENTICATED") return { ok: false, reason: "invalidToken" };
    throw error;
  }
  if (!caller || authorization === undefined) return { ok: false, reason: "anonymous" };
  return { ok: true, caller, expiresAt: accessTokenExpiresAt(authorization.replace(/^Bearer /, "")) };
}

/** A connection's session ended after it signed in: its socket is being closed, nothing more is answered. */
export class SessionEndedError extends Error {
  constructor() {
    super("the connection's session has ended");
    this.name = "SessionEndedError";
  }
}

/** setTimeout's largest delay; a longer wait would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** Calls `onExpired` once the token has expired; `cancel` stops the watch. No expiry: nothing is watched. */
export function whenExpired(expiresAt: number | null, onExpired: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (expiresAt === null) return;
    const remaining = expiresAt - Date.now();
    if (remaining <= 0) return onExpired();
    timer = setTimeout(arm, Math.min(MAX_TIMER_MS, remaining));
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}
